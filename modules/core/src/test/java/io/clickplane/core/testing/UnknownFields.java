package io.clickplane.core.testing;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Paths of fields that landed in a fabric8 model's catch-all {@code additionalProperties} when YAML
 * was read into it: fields the Kubernetes API (as fabric8 models it) does not have.
 */
public final class UnknownFields {
  private UnknownFields() {}

  /**
   * The unknown fields under {@code model}, each as {@code <path>: [names]}; {@code at} names the
   * root.
   */
  public static List<String> of(Object model, String at) throws Exception {
    List<String> out = new ArrayList<>();
    if (model == null || !model.getClass().getName().startsWith("io.fabric8.")) {
      if (model instanceof List<?> list) {
        for (int i = 0; i < list.size(); i++) {
          out.addAll(of(list.get(i), at + "[" + i + "]"));
        }
      } else if (model instanceof Map<?, ?> map) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
          out.addAll(of(e.getValue(), at + "." + e.getKey()));
        }
      }
      return out;
    }
    for (Method m : model.getClass().getMethods()) {
      if (m.getParameterCount() != 0
          || !m.getName().startsWith("get")
          || m.getName().equals("getClass")) {
        continue;
      }
      Object value = m.invoke(model);
      if (m.getName().equals("getAdditionalProperties")) {
        if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
          out.add(at + ": " + extra.keySet());
        }
      } else {
        out.addAll(of(value, at + "." + m.getName().substring(3)));
      }
    }
    return out;
  }
}
