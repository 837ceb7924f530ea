package importer

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// crewToolNames maps crewai_tools classes to the name attribute of the tool
// they build (crewAIInc/crewAI lib/crewai-tools, read at commit f4731f5 of
// 2026-08-21). Traces record a tool by that name (crewGrant), not by the
// class name the config gives. Only classes whose name is a fixed
// string are listed; for the others the grant keeps the class name and a
// note says so.
var crewToolNames = map[string]string{
	"SerperDevTool":                "Search the internet with Serper",
	"ScrapeWebsiteTool":            "Read website content",
	"ScrapeElementFromWebsiteTool": "Read a website content",
	"SeleniumScrapingTool":         "Read a website content",
	"FileReadTool":                 "Read a file's content",
	"FileWriterTool":               "File Writer Tool",
	"DirectoryReadTool":            "List files in directory",
	"DirectorySearchTool":          "Search a directory's content",
	"WebsiteSearchTool":            "Search in a specific website",
	"PDFSearchTool":                "Search a PDF's content",
	"CSVSearchTool":                "Search a CSV's content",
	"TXTSearchTool":                "Search a txt's content",
	"JSONSearchTool":               "Search a JSON's content",
	"XMLSearchTool":                "Search a XML's content",
	"MDXSearchTool":                "Search a MDX's content",
	"DOCXSearchTool":               "Search a DOCX's content",
	"GithubSearchTool":             "Search a github repo's content",
	"CodeDocsSearchTool":           "Search a Code Docs content",
	"YoutubeVideoSearchTool":       "Search a Youtube Video content",
	"YoutubeChannelSearchTool":     "Search a Youtube Channels content",
	"BraveSearchTool":              "Brave Search",
	"TavilySearchTool":             "Tavily Search",
	"EXASearchTool":                "ExaSearchTool",
	"ExaSearchTool":                "ExaSearchTool",
	"FirecrawlScrapeWebsiteTool":   "Firecrawl web scrape tool",
	"FirecrawlCrawlWebsiteTool":    "Firecrawl web crawl tool",
	"FirecrawlSearchTool":          "Firecrawl web search tool",
	"ArxivPaperTool":               "Arxiv Paper Fetcher and Downloader",
	"DallETool":                    "Dall-E Tool",
	"VisionTool":                   "Vision Tool",
	"RagTool":                      "Knowledge base",
	"NL2SQLTool":                   "NL2SQLTool",
	"SerpApiGoogleSearchTool":      "Google Search",
	"LinkupSearchTool":             "Linkup Search Tool",
}

// CrewAI's own tools of a delegating agent (crewai/tools/agent_tools).
const (
	crewDelegate = "Delegate work to coworker"
	crewAsk      = "Ask question to coworker"
	crewAddImage = "Add image to content"
)

// crewGrant is the grant of a tool whose name attribute is name: the name
// itself, because the OpenTelemetry instrumentations CrewAI documents
// (OpenLIT, OpenInference for Phoenix and Langfuse) record BaseTool.run under
// the tool's name attribute as it is. A glob character in it would widen the
// grant, so each becomes "?", which matches it and nothing longer.
func crewGrant(name string) string {
	return strings.Map(func(r rune) rune {
		if r == '*' || r == '?' || r == '[' || r == ']' {
			return '?'
		}
		return r
	}, name)
}

// crewSanitisedNote says what CrewAI's own events and the model call a tool,
// when that differs from its name.
func crewSanitisedNote(name string) string {
	if s := crewTool(name); s != name {
		return "CrewAI's events and the model call it " + s
	}
	return ""
}

// crewTool is crewai.utilities.string_utils.sanitize_tool_name: NFKD and
// ASCII only, camelCase split, lower case, quotes dropped, every other run
// of non-alphanumerics one "_", trimmed, and over 64 characters cut with an
// 8-hex sha256 suffix. It is the name CrewAI gives the model and its
// telemetry for a tool.
func crewTool(name string) string {
	var ascii []rune
	for _, r := range norm.NFKD.String(name) {
		if r < 0x80 {
			ascii = append(ascii, r)
		}
	}
	var b []rune
	for i, r := range ascii {
		if i > 0 && unicode.IsUpper(r) {
			prev := ascii[i-1]
			next := rune(0)
			if i+1 < len(ascii) {
				next = ascii[i+1]
			}
			// ([a-z])([A-Z]) and ([A-Z]+)([A-Z][a-z]).
			if unicode.IsLower(prev) || unicode.IsUpper(prev) && unicode.IsLower(next) {
				b = append(b, '_')
			}
		}
		b = append(b, r)
	}
	s := strings.ToLower(string(b))
	s = strings.NewReplacer("'", "", "\"", "").Replace(s)
	var out strings.Builder
	under := false
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			out.WriteRune(r)
			under = false
			continue
		}
		if !under {
			out.WriteByte('_')
			under = true
		}
	}
	res := strings.Trim(out.String(), "_")
	if len(res) > 64 {
		sum := sha256.Sum256([]byte(res))
		suffix := "_" + hex.EncodeToString(sum[:])[:8]
		res = strings.TrimRight(res[:64-len(suffix)], "_") + suffix
	}
	return res
}
