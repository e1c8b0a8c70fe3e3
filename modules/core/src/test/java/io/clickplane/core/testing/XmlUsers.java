package io.clickplane.core.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The users section of a ClickHouse configuration directory, merged as the server merges {@code
 * users.xml} with {@code users.d/*.xml} (files in name order; an element merges into the first
 * unmatched element of the same name, {@code replace}/{@code remove} attributes honoured), and the
 * session overlay {@link ClickHouseEngine#startAs} writes.
 */
final class XmlUsers {
  private XmlUsers() {}

  /** Children of a user that authenticate or restrict where from: dropped in the overlay. */
  private static boolean credentialOrNetwork(String name) {
    return name.startsWith("password")
        || name.equals("no_password")
        || name.equals("networks")
        || name.equals("ssh_keys")
        || name.equals("ssl_certificates")
        || name.equals("ldap")
        || name.equals("kerberos")
        || name.equals("http_authentication")
        || name.equals("host_regexp");
  }

  /**
   * An XML file that replaces the {@code default} user by {@code user}'s merged definition, without
   * its credentials and network restrictions.
   */
  static String sessionOverlay(Path confDir, String user) throws IOException {
    Element merged = mergedUsers(confDir);
    Element definition = null;
    for (Node n = merged.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(user)) {
        definition = e;
      }
    }
    if (definition == null) {
      throw new IllegalArgumentException(
          "no user " + user + " in users.xml or users.d/*.xml under " + confDir);
    }
    Document out = newBuilder().newDocument();
    Element root = out.createElement("clickhouse");
    out.appendChild(root);
    Element users = out.createElement("users");
    root.appendChild(users);
    Element session = out.createElement("default");
    session.setAttribute("replace", "replace");
    users.appendChild(session);
    for (Node n = definition.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && !credentialOrNetwork(e.getTagName())) {
        session.appendChild(out.importNode(e, true));
      }
    }
    Element password = out.createElement("password");
    session.appendChild(password);
    Element networks = out.createElement("networks");
    Element ip = out.createElement("ip");
    ip.setTextContent("::/0");
    networks.appendChild(ip);
    session.appendChild(networks);
    return write(out);
  }

  /** The merged {@code <users>} element of {@code users.xml} and {@code users.d/*.xml}. */
  static Element mergedUsers(Path confDir) throws IOException {
    List<Path> files = new ArrayList<>();
    if (Files.isRegularFile(confDir.resolve("users.xml"))) {
      files.add(confDir.resolve("users.xml"));
    }
    Path usersD = confDir.resolve("users.d");
    if (Files.isDirectory(usersD)) {
      try (Stream<Path> s = Files.list(usersD)) {
        s.filter(p -> p.getFileName().toString().endsWith(".xml"))
            .filter(p -> !p.getFileName().toString().equals(ClickHouseEngine.SESSION_OVERLAY))
            .sorted()
            .forEach(files::add);
      }
    }
    Document doc = newBuilder().newDocument();
    Element root = doc.createElement("clickhouse");
    doc.appendChild(root);
    for (Path f : files) {
      Document d;
      try {
        d = newBuilder().parse(f.toFile());
      } catch (org.xml.sax.SAXException e) {
        throw new IllegalArgumentException(f + ": " + e.getMessage(), e);
      }
      merge(root, (Element) doc.importNode(d.getDocumentElement(), true));
    }
    for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals("users")) {
        return e;
      }
    }
    return doc.createElement("users");
  }

  private static void merge(Element base, Element with) {
    Set<Node> matched = new HashSet<>();
    List<Element> children = new ArrayList<>();
    for (Node n = with.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        children.add(e);
      }
    }
    if (children.isEmpty()) {
      if (!with.getTextContent().isBlank() || !hasElements(base)) {
        base.setTextContent(with.getTextContent());
      }
      return;
    }
    for (Element child : children) {
      Element target = null;
      for (Node n = base.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element e && e.getTagName().equals(child.getTagName()) && matched.add(e)) {
          target = e;
          break;
        }
      }
      if (child.hasAttribute("remove")) {
        if (target != null) {
          base.removeChild(target);
        }
        continue;
      }
      if (target == null || child.hasAttribute("replace")) {
        Element copy = (Element) child.cloneNode(true);
        copy.removeAttribute("replace");
        if (target != null) {
          base.replaceChild(copy, target);
        } else {
          base.appendChild(copy);
        }
        matched.add(copy);
        continue;
      }
      merge(target, child);
    }
  }

  private static boolean hasElements(Element e) {
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element) {
        return true;
      }
    }
    return false;
  }

  private static DocumentBuilder newBuilder() {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setIgnoringComments(true);
      return f.newDocumentBuilder();
    } catch (javax.xml.parsers.ParserConfigurationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String write(Document doc) {
    try {
      Transformer t = TransformerFactory.newInstance().newTransformer();
      t.setOutputProperty(OutputKeys.INDENT, "yes");
      t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
      StringWriter w = new StringWriter();
      t.transform(new DOMSource(doc), new StreamResult(w));
      return w.toString();
    } catch (javax.xml.transform.TransformerException e) {
      throw new UncheckedIOException(new IOException(e));
    }
  }
}
