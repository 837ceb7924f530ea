// The release-notes route of release-notes-web (Next.js, ai@6), as the team
// wrote it: generateText with telemetry on and functionId 'release-notes'
// (https://ai-sdk.dev/docs/ai-sdk-core/telemetry). The Jira tools come from the
// team's Amazon Bedrock AgentCore Gateway over MCP, which names each tool
// TARGET___TOOL (JiraTarget___searchIssues). The Vercel AI SDK has no agent
// config to import: agents/release-notes-bot.yaml is written by hand from this.
import { generateText, stepCountIs, tool } from 'ai';
import { createMCPClient } from '@ai-sdk/mcp';
import { openai } from '@ai-sdk/openai';
import { z } from 'zod';
import { listCommits } from '@/lib/github';

export async function draftReleaseNotes(release: string) {
  const gateway = await createMCPClient({
    transport: { type: 'http', url: process.env.AGENTCORE_GATEWAY_URL! },
  });
  const jira = await gateway.tools(); // JiraTarget___searchIssues, JiraTarget___addComment
  const { text } = await generateText({
    model: openai('gpt-4o-mini'),
    prompt: `Draft the release notes for ${release}.`,
    tools: {
      github_list_commits: tool({
        description: 'Commits merged since the last release',
        inputSchema: z.object({ since: z.string() }),
        execute: async ({ since }) => listCommits(since),
      }),
      ...jira,
    },
    stopWhen: stepCountIs(5),
    experimental_telemetry: { isEnabled: true, functionId: 'release-notes' },
  });
  await gateway.close();
  return text;
}
