package io.clickplane.keycloak.sync;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The Keycloak administrator the sync logs in as (realm {@code master}, client {@code admin-cli}).
 * Read from the environment ({@value #USER_VARIABLE}, {@value #PASSWORD_VARIABLE}) or from a
 * properties file with {@code user=} and {@code password=}; never from a command-line value, which
 * other users of the machine can read.
 */
public record AdminCredentials(String user, String password) {
  public static final String USER_VARIABLE = "CLICKPLANE_KEYCLOAK_USER";
  public static final String PASSWORD_VARIABLE = "CLICKPLANE_KEYCLOAK_PASSWORD";

  @Override
  public String toString() {
    return "AdminCredentials[user=" + user + ", password=***]";
  }

  /** A problem with the credentials the user gave: exit 2. */
  public static final class InvalidCredentialsException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidCredentialsException(String message) {
      super(message);
    }
  }

  /**
   * The credentials from {@code file} when given, else from the environment.
   *
   * @throws InvalidCredentialsException when neither holds both values
   */
  public static AdminCredentials resolve(Optional<Path> file, Map<String, String> environment)
      throws InvalidCredentialsException {
    if (file.isPresent()) {
      Path path = file.get();
      Properties properties = new Properties();
      try (Reader reader = Files.newBufferedReader(path)) {
        properties.load(reader);
      } catch (IOException e) {
        throw new InvalidCredentialsException(
            path + ": cannot read the credentials file: " + e.getMessage());
      } catch (IllegalArgumentException e) {
        // Properties.load refuses a malformed \\uXXXX escape; its message holds no file content.
        throw new InvalidCredentialsException(
            path
                + ": not a properties file with 'user=' and 'password=' lines ("
                + e.getMessage()
                + ")");
      }
      String user = properties.getProperty("user", "").strip();
      String password = properties.getProperty("password", "");
      if (user.isEmpty() || password.isEmpty()) {
        throw new InvalidCredentialsException(
            path + ": the credentials file needs both 'user=' and 'password=' lines");
      }
      return new AdminCredentials(user, password);
    }
    String user = environment.getOrDefault(USER_VARIABLE, "").strip();
    String password = environment.getOrDefault(PASSWORD_VARIABLE, "");
    if (user.isEmpty() || password.isEmpty()) {
      throw new InvalidCredentialsException(
          "Keycloak administrator credentials are missing: set "
              + USER_VARIABLE
              + " and "
              + PASSWORD_VARIABLE
              + ", or pass --credentials-file FILE (a properties file with user= and password=)");
    }
    return new AdminCredentials(user, password);
  }
}
