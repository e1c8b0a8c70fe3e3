package io.clickplane.clickhouse;

import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;

/**
 * The ClickHouse XML configuration files and the ZooKeeper {@code zoo.cfg}, rendered from the
 * Freemarker templates under {@code io/clickplane/clickhouse/templates}. Output depends only on the
 * data model: root locale, UTC, computer number format, values escaped for XML in {@code .xml.ftl}
 * templates.
 */
final class ConfigTemplates {
  private static final Configuration FREEMARKER = configuration();

  private ConfigTemplates() {}

  /** Renders template {@code name} (e.g. {@code storage.xml.ftl}) with {@code model}. */
  static String render(String name, Map<String, ?> model) {
    try {
      Template template = FREEMARKER.getTemplate(name);
      StringWriter out = new StringWriter(1024);
      template.process(model, out);
      return out.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load template " + name, e);
    } catch (TemplateException e) {
      throw new IllegalStateException("template " + name + " failed: " + e.getMessage(), e);
    }
  }

  private static Configuration configuration() {
    Configuration c = new Configuration(Configuration.VERSION_2_3_34);
    c.setClassForTemplateLoading(ConfigTemplates.class, "/io/clickplane/clickhouse/templates");
    c.setDefaultEncoding("UTF-8");
    c.setLocale(Locale.ROOT);
    c.setTimeZone(TimeZone.getTimeZone("UTC"));
    c.setNumberFormat("computer");
    c.setRecognizeStandardFileExtensions(true);
    c.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    c.setLogTemplateExceptions(false);
    c.setWrapUncheckedExceptions(true);
    c.setFallbackOnNullLoopVariable(false);
    return c;
  }
}
