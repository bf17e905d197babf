package io.brickbyte.connector;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Masks a config's secrets in text the connector writes (stderr, log lines, TRACE errors) before
 * it reaches a log or an exception: careless connectors do print their config. A secret is a value
 * under a secret-sounding key, under a key the connector's spec marks {@code airbyte_secret}, or
 * one resolved from a reference; each is masked in every form it takes ({@link SecretForms}).
 * Immutable: a redactor that learns more secrets is a new one.
 */
public final class Redactor implements Serializable {

  public static final Redactor NONE = new Redactor(Set.of(), List.of());
  static final String MASK = "****";

  private static final long serialVersionUID = 2L;
  private static final Pattern SECRET_KEY =
      Pattern.compile(
          "(?i).*(pass|secret|token|key|credential|auth|cookie|session|private|signature).*");
  private static final int MIN_SECRET_LENGTH = 4;

  /** Keys the connector's spec marks secret, beside the secret-sounding ones. */
  private final Set<String> specKeys;
  /** Every form of every secret, longest first: a form inside a longer one must not split it. */
  private final List<String> forms;

  private Redactor(Set<String> specKeys, List<String> forms) {
    this.specKeys = Set.copyOf(specKeys);
    this.forms = List.copyOf(forms);
  }

  /** Masks every value under a secret-sounding key, at any depth of the config. */
  public static Redactor forConfig(JsonNode config) {
    return NONE.withConfig(config);
  }

  /** This redactor, also masking the secrets of {@code config} (e.g. one the connector rotated). */
  public Redactor withConfig(JsonNode config) {
    List<String> values = new ArrayList<>();
    collect(config, false, values);
    return with(values);
  }

  /**
   * This redactor, also taking the values under {@code keys} for secrets: those of {@code config}
   * now, and those of every config added later.
   */
  Redactor withSpecKeys(Set<String> keys, JsonNode config) {
    Set<String> all = new HashSet<>(specKeys);
    all.addAll(keys);
    return new Redactor(all, forms).withConfig(config);
  }

  /** This redactor, also masking {@code values}. */
  Redactor with(Collection<String> values) {
    Set<String> all = new LinkedHashSet<>(forms);
    for (String value : values) {
      if (value.length() >= MIN_SECRET_LENGTH) {
        all.addAll(SecretForms.of(value));
      }
    }
    if (all.size() == forms.size()) {
      return this;
    }
    List<String> sorted = new ArrayList<>(all);
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    return new Redactor(specKeys, sorted);
  }

  public String redact(String text) {
    if (text == null || forms.isEmpty()) {
      return text;
    }
    String out = text;
    for (String form : forms) {
      if (out.contains(form)) {
        out = out.replace(form, MASK);
      }
    }
    return out;
  }

  private boolean isSecretKey(String key) {
    return specKeys.contains(key) || SECRET_KEY.matcher(key).matches();
  }

  private void collect(JsonNode node, boolean secret, List<String> out) {
    if (node == null) {
      return;
    }
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        collect(field.getValue(), secret || isSecretKey(field.getKey()), out);
      }
    } else if (node.isArray()) {
      node.forEach(item -> collect(item, secret, out));
    } else if (secret && node.isValueNode()) {
      out.add(node.asText());
    }
  }

  @Override
  public String toString() {
    return "Redactor(" + forms.size() + " secret forms)";
  }
}
