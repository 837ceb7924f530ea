package importer

import (
	"strings"

	"github.com/aims-cli/aims/pkg/grant"
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

// crewTool is the name CrewAI gives the model and its telemetry for a tool
// (grant.CrewAIName, CrewAI's sanitize_tool_name).
func crewTool(name string) string { return grant.CrewAIName(name) }
