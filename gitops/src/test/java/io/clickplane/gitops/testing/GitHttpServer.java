package io.clickplane.gitops.testing;

import java.nio.file.Path;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.security.ConstraintMapping;
import org.eclipse.jetty.ee10.servlet.security.ConstraintSecurityHandler;
import org.eclipse.jetty.security.Constraint;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.security.authentication.BasicAuthenticator;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.security.Password;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.transport.resolver.FileResolver;

/**
 * JGit's {@link GitServlet} in Jetty 12 (ee10, jakarta servlet API, as JGit's http server 7.x uses)
 * on 127.0.0.1, every request behind HTTP basic authentication. Serves the bare repositories under
 * a folder at {@code /git/<name>}; authenticated users may push.
 */
public final class GitHttpServer implements AutoCloseable {
  private final Server server;
  private final int port;

  private GitHttpServer(Server server, int port) {
    this.server = server;
    this.port = port;
  }

  public static GitHttpServer start(Path base, String user, String password) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler("/");
    GitServlet git = new GitServlet();
    git.setRepositoryResolver(
        new FileResolver<jakarta.servlet.http.HttpServletRequest>(base.toFile(), true));
    context.addServlet(new ServletHolder(git), "/git/*");

    UserStore users = new UserStore();
    users.addUser(user, new Password(password), new String[] {"git"});
    HashLoginService login = new HashLoginService("clickplane-test");
    login.setUserStore(users);
    ConstraintSecurityHandler security = new ConstraintSecurityHandler();
    security.setLoginService(login);
    security.setAuthenticator(new BasicAuthenticator());
    ConstraintMapping all = new ConstraintMapping();
    all.setPathSpec("/*");
    all.setConstraint(Constraint.from("git"));
    security.addConstraintMapping(all);
    context.setSecurityHandler(security);

    server.setHandler(context);
    server.start();
    return new GitHttpServer(server, connector.getLocalPort());
  }

  /** {@code http://127.0.0.1:PORT/git/<name>}. */
  public String url(String name) {
    return "http://127.0.0.1:" + port + "/git/" + name;
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
