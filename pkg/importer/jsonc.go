package importer

// stripJSONC blanks out what JSONC adds to JSON, as VS Code's jsonc parser
// reads mcp.json and settings.json and as CrewAI reads agents/*.jsonc:
// line comments (//), block comments (/* */) and a trailing comma before
// } or ]. Every removed byte becomes a space (a newline stays a newline), so
// offsets, and with them the line:column of any later error, are unchanged.
// Strings are copied as they are, escapes included. An unterminated block
// comment is blanked to the end; the decoder then reports the missing value.
func stripJSONC(data []byte) []byte {
	out := make([]byte, len(data))
	copy(out, data)
	inString := false
	lastComma := -1 // offset of a comma after a value, not yet followed by another
	afterValue := false
	for i := 0; i < len(out); i++ {
		c := out[i]
		if inString {
			switch c {
			case '\\':
				i++
			case '"':
				inString = false
				afterValue = true
			}
			continue
		}
		switch {
		case c == '"':
			inString = true
			lastComma = -1
		case c == '/' && i+1 < len(out) && out[i+1] == '/':
			for ; i < len(out) && out[i] != '\n'; i++ {
				out[i] = ' '
			}
		case c == '/' && i+1 < len(out) && out[i+1] == '*':
			out[i], out[i+1] = ' ', ' '
			for i += 2; i < len(out); i++ {
				if out[i] == '*' && i+1 < len(out) && out[i+1] == '/' {
					out[i], out[i+1] = ' ', ' '
					i++
					break
				}
				if out[i] != '\n' {
					out[i] = ' '
				}
			}
		case c == ',':
			// Only a comma after a value may trail: "{,}" stays an error, as in VS Code.
			if afterValue {
				lastComma = i
			} else {
				lastComma = -1
			}
			afterValue = false
		case c == '}' || c == ']':
			if lastComma >= 0 {
				out[lastComma] = ' '
			}
			lastComma = -1
			afterValue = true
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
		case c == '{' || c == '[' || c == ':':
			lastComma = -1
			afterValue = false
		default:
			lastComma = -1
			afterValue = true
		}
	}
	return out
}
