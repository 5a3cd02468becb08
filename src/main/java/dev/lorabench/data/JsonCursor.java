package dev.lorabench.data;

import java.nio.charset.StandardCharsets;

/**
 * A strict reader of JSON text (RFC 8259 and nothing more: no comments, single quotes, unquoted
 * names, trailing commas, NaN or leading zeros), token by token, so that its caller sees every
 * object member in order and can refuse a name given twice, which tree-building parsers resolve
 * silently by keeping one of the values.
 *
 * <p>Syntax errors are {@link DataException}s reading "PREFIX (PROBLEM at byte N)", N the UTF-8
 * offset in the text. Nesting is limited to {@link #MAX_DEPTH} levels, as in the reference
 * safetensors implementation's JSON parser, so a hostile text cannot exhaust the stack.
 */
final class JsonCursor {

    static final int MAX_DEPTH = 128;

    private final String text;
    private final String prefix;
    private int pos;
    private int depth;

    JsonCursor(String text, String prefix) {
        this.text = text;
        this.prefix = prefix;
    }

    /** The next significant character, without consuming it. */
    char peek() throws DataException {
        skipSpace();
        if (pos == text.length()) {
            throw error("unexpected end", pos);
        }
        return text.charAt(pos);
    }

    /** True when only whitespace is left. */
    boolean atEnd() {
        skipSpace();
        return pos == text.length();
    }

    /** Opens an object; true when it has a first member (then read with {@link #name()}). */
    boolean beginObject() throws DataException {
        return begin('{', '}');
    }

    /** After a member's value: true when another member follows, false at the closing brace. */
    boolean nextMember() throws DataException {
        return next('}');
    }

    /** Opens an array; true when it has a first element. */
    boolean beginArray() throws DataException {
        return begin('[', ']');
    }

    /** After an element: true when another follows, false at the closing bracket. */
    boolean nextElement() throws DataException {
        return next(']');
    }

    /** A member's name and the colon after it. */
    String name() throws DataException {
        if (peek() != '"') {
            throw error("expected a quoted name", pos);
        }
        String name = string();
        if (peek() != ':') {
            throw error("expected ':'", pos);
        }
        pos++;
        return name;
    }

    /** A string value, unescaped. */
    String string() throws DataException {
        if (peek() != '"') {
            throw unexpected();
        }
        pos++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos == text.length()) {
                throw error("unterminated string", pos);
            }
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return out.toString();
            }
            if (c < 0x20) {
                throw error("unescaped control character in a string", pos);
            }
            if (c != '\\') {
                out.append(c);
                pos++;
                continue;
            }
            int at = pos;
            char e = pos + 1 < text.length() ? text.charAt(pos + 1) : 0;
            pos += 2;
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> out.append(codeUnits(at));
                default -> throw error("bad escape", at);
            }
        }
    }

    /** The exact text of the next value, of any kind, checked and skipped. */
    String rawValue() throws DataException {
        int start = peekPosition();
        skipValue();
        return text.substring(start, pos);
    }

    /** Checks and skips the next value, of any kind. */
    void skipValue() throws DataException {
        char c = peek();
        if (c == '{') {
            if (beginObject()) {
                do {
                    name();
                    skipValue();
                } while (nextMember());
            }
        } else if (c == '[') {
            if (beginArray()) {
                do {
                    skipValue();
                } while (nextElement());
            }
        } else if (c == '"') {
            string();
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            number();
        } else if (!literal("true") && !literal("false") && !literal("null")) {
            throw unexpected();
        }
    }

    private boolean begin(char open, char close) throws DataException {
        if (peek() != open) {
            throw unexpected();
        }
        if (++depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH, pos);
        }
        pos++;
        if (peek() == close) {
            pos++;
            depth--;
            return false;
        }
        return true;
    }

    private boolean next(char close) throws DataException {
        char c = peek();
        if (c == ',') {
            pos++;
            return true;
        }
        if (c == close) {
            pos++;
            depth--;
            return false;
        }
        throw error("expected ',' or '" + close + "'", pos);
    }

    /** {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?} */
    private void number() throws DataException {
        int start = pos;
        if (text.charAt(pos) == '-') {
            pos++;
        }
        if (pos < text.length() && text.charAt(pos) == '0') {
            pos++;
            if (digitAt(pos)) {
                throw error("leading zero", start);
            }
        } else if (!digits()) {
            throw error("bad number", start);
        }
        if (pos < text.length() && text.charAt(pos) == '.') {
            pos++;
            if (!digits()) {
                throw error("bad number", start);
            }
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            pos++;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            if (!digits()) {
                throw error("bad number", start);
            }
        }
    }

    private boolean digits() {
        int start = pos;
        while (digitAt(pos)) {
            pos++;
        }
        return pos > start;
    }

    private boolean digitAt(int i) {
        return i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9';
    }

    private boolean literal(String word) {
        if (text.startsWith(word, pos)) {
            pos += word.length();
            return true;
        }
        return false;
    }

    /** A {@code \}{@code uXXXX} escape at {@code at} (pos is past the 'u'), with its low surrogate if any. */
    private String codeUnits(int at) throws DataException {
        char c = hex4(at);
        if (Character.isLowSurrogate(c)) {
            throw error("unpaired surrogate " + text.substring(at, at + 6), at);
        }
        if (!Character.isHighSurrogate(c)) {
            return String.valueOf(c);
        }
        if (!text.startsWith("\\u", pos)) {
            throw error("unpaired surrogate " + text.substring(at, at + 6), at);
        }
        pos += 2;
        char low = hex4(pos - 2);
        if (!Character.isLowSurrogate(low)) {
            throw error("unpaired surrogate " + text.substring(at, at + 6), at);
        }
        return new String(new char[] {c, low});
    }

    private char hex4(int at) throws DataException {
        if (pos + 4 > text.length()) {
            throw error("bad escape", at);
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(text.charAt(pos + i), 16);
            if (d < 0) {
                throw error("bad escape", at);
            }
            v = v * 16 + d;
        }
        pos += 4;
        return (char) v;
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private int peekPosition() throws DataException {
        peek();
        return pos;
    }

    private DataException unexpected() throws DataException {
        return error("unexpected '" + peek() + "'", pos);
    }

    private DataException error(String problem, int at) {
        int bytes = text.substring(0, at).getBytes(StandardCharsets.UTF_8).length;
        return new DataException(prefix + " (" + problem + " at byte " + bytes + ")");
    }
}
