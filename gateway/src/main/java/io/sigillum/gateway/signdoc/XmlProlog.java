package io.sigillum.gateway.signdoc;

import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * What an XML document declares before its root element. An enveloped XAdES signature goes inside the document, so the
 * library parses it, with document type declarations forbidden (they carry entities: XXE, entity expansion); it then
 * refuses such a document as "not XML" and its parser prints a fatal error to the standard error stream. Reading the
 * prolog first names the real reason. Only the prolog is read, with DTD support and external entities off, in whatever
 * encoding the document declares — but for the one check that streams the whole document (signature look-alikes).
 */
final class XmlProlog {

    /** One factory a thread (the document workers): StAX does not promise that a factory may be shared. */
    private static final ThreadLocal<XMLInputFactory> FACTORY = ThreadLocal.withInitial(() -> {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return factory;
    });

    private static final String XMLDSIG = "http://www.w3.org/2000/09/xmldsig#";
    /** The namespaces of the elements an XML signature (XAdES included) is made of. */
    private static final Set<String> SIGNATURE_NAMESPACES = Set.of(XMLDSIG, "http://www.w3.org/2009/xmldsig11#",
            "http://uri.etsi.org/01903/v1.3.2#", "http://uri.etsi.org/01903/v1.4.1#", "http://www.w3.org/2002/06/xmldsig-filter2",
            "http://www.w3.org/2001/10/xml-exc-c14n#");
    /** The elements of a signature that hold only elements. */
    private static final Set<String> CONTAINERS = Set.of(XMLDSIG + " Signature", XMLDSIG + " Object");

    private XmlProlog() {
    }

    /** Whether the document declares a document type before its root element; false for a prolog that does not parse. */
    static boolean declaresDocumentType(byte[] content) {
        return read(content, reader -> {
            while (reader.hasNext()) {
                switch (reader.next()) {
                    case XMLStreamConstants.DTD -> {
                        return true;
                    }
                    case XMLStreamConstants.START_ELEMENT -> {
                        return false;
                    }
                    default -> {
                        // the XML declaration, comments, processing instructions, white space
                    }
                }
            }
            return false;
        });
    }

    /** Whether the document is XML: its prolog parses and its root element begins (what follows is not read). */
    static boolean isXml(byte[] content) {
        return read(content, reader -> {
            while (reader.hasNext()) {
                if (reader.next() == XMLStreamConstants.START_ELEMENT) {
                    return true;
                }
            }
            return false;
        });
    }

    /**
     * Whether an element {@code ds:Signature} (XML-DSig's namespace) anywhere in the document is not only a signature:
     * its first child is not {@code ds:SignedInfo}, or somewhere inside it there is an element of a namespace no
     * signature uses (XML-DSig 1.0 and 1.1, XAdES 1.3.2 and 1.4.1, the XPath filter 2.0 and exclusive canonicalisation's)
     * or text outside such an element. An enveloped signature leaves every {@code ds:Signature} out of what it signs
     * (so that a parallel signature added later does not break it): content hidden in one would go unsigned, though the
     * holder approved the whole document. The document is streamed (no tree is built); false for a document that does not
     * parse, which the library refuses with its own reason.
     */
    static boolean holdsSignatureElementThatIsNotOnlyASignature(byte[] content) {
        return read(content, reader -> {
            // the ds:Signature being read and the elements open inside it, innermost first; empty outside any
            Deque<String> open = new ArrayDeque<>();
            boolean signedInfoDue = false;
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    if (signedInfoDue && !isDsig(reader, "SignedInfo")
                            || !open.isEmpty() && !SIGNATURE_NAMESPACES.contains(String.valueOf(reader.getNamespaceURI()))) {
                        return true;
                    }
                    signedInfoDue = open.isEmpty() && isDsig(reader, "Signature");
                    if (signedInfoDue || !open.isEmpty()) {
                        open.push(reader.getNamespaceURI() + " " + reader.getLocalName());
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT && !open.isEmpty()) {
                    if (signedInfoDue) {
                        return true;
                    }
                    open.pop();
                } else if ((event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) && !open.isEmpty()
                        && !reader.getText().isBlank() && CONTAINERS.contains(open.peek())) {
                    // ds:Signature and ds:Object hold elements: text of their own is content no signature covers
                    return true;
                }
            }
            return false;
        });
    }

    private static boolean isDsig(XMLStreamReader reader, String localName) {
        return XMLDSIG.equals(reader.getNamespaceURI()) && localName.equals(reader.getLocalName());
    }

    /** One question put to the document as it streams by. */
    @FunctionalInterface
    private interface Question {
        boolean answer(XMLStreamReader reader) throws XMLStreamException;
    }

    /**
     * The question's answer over the document; false for a document that does not parse (not these checks' to judge:
     * the library says what is wrong with it).
     */
    private static boolean read(byte[] content, Question question) {
        XMLStreamReader reader = null;
        try {
            reader = FACTORY.get().createXMLStreamReader(new ByteArrayInputStream(content));
            return question.answer(reader);
        } catch (XMLStreamException malformed) {
            return false;
        } finally {
            close(reader);
        }
    }

    private static void close(XMLStreamReader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (XMLStreamException ignored) {
                // nothing held but the array
            }
        }
    }
}
