/** The CLI's help: one page for the tool and one per command, each with its options and an example. */

const WHERE = `  -m, --manifest PATH   manifest file (default: genops.yaml)
  -o, --out DIR         run folder (default: <manifest dir>/.genops/run, one per manifest)
      --state DIR       blob store and caches (default: <manifest dir>/.genops)
      --lockfile PATH   lockfile (default: <manifest dir>/genops.lock)
      --json            print the result as JSON on stdout; errors as {"error": {...}}
  -q, --quiet           only warnings and errors on stderr
  -h, --help            this help`;

export const EXIT_STATUS = `Exit status:
  0    every gate passed
  1    a quality gate failed on images that were produced (or the cost estimate is above
       limits.maxCostUsd, so nothing was generated)
  2    bad input or usage (the message names the file, line and fix)
  3    the run could not produce what it was asked (back end unreachable or failing after
       retries, internal error)
  130  interrupted (Ctrl-C / SIGTERM); what was done is saved`;

export const COMMAND_HELP = {
  init: `genops init [DIR] — start a repository: genops.yaml (runs offline as it is), the review,
deploy and fork-comment workflows in .github/workflows/, and .genops/ in .gitignore.
Never overwrites a file: existing ones are kept and listed.

Options:
      --json            the files written and kept, as JSON
  -h, --help            this help

Example:
  genops init && genops run`,
  plan: `genops plan — layer 1: manifest → plan.json (prompts, seeds, one job key per job).

Options:
      --shards N        split the jobs over N synthesis runs by job key; --json prints the
                        GitHub matrix ({"include":[{"shard":"1/N"},…]})
${WHERE}

Example:
  genops plan -m genops.yaml --json | jq '.jobs | length'`,
  synthesize: `genops synthesize — layer 2: plan.json → synthesis.json. Jobs without a cached blob go to
their back ends in parallel; cached jobs call nothing.

Options:
      --shard I/N       only shard I's jobs (after plan --shards N; use its own --state, then merge)
      --retry-refused   send prompts a provider refused on an earlier run again (skipped otherwise)
${WHERE}

Example:
  genops plan && genops synthesize`,
  qa: `genops qa — layer 3: synthesis.json → qa.json and the report (technical checks, scores,
quality gates, best-of-N).

Options:
${WHERE}

Example:
  genops qa --json | jq '.counts'`,
  deliver: `genops deliver — layer 4: qa.json → files with provenance, assets.json, genops.lock.

Modes:
  (default)          derive, store, upload to the targets, write assets.json and genops.lock
  --stage            derive and store, write genops.lock with the final URLs, upload nothing
  --locked           upload exactly what genops.lock names, from the store, generating nothing;
                     fails (exit 2) when the lockfile is stale, unless --allow-generate
  --locked --ref R   publish the lockfile as it was at git commit R (rollback)

Options:
${WHERE}

Example:
  genops deliver --locked`,
  report: `genops report — report.json, report.md and report.html (the review gallery, opens from
disk) from whatever layers have run.

Options:
      --html            also print the gallery's file:// URL
${WHERE}

Example:
  genops report --json | jq .gate`,
  run: `genops run — all four layers and the report.
genops run --prompt TEXT — the same with no manifest: an implicit one (printed with --json) makes
COUNT images of TEXT and delivers them into generated/.

Options:
      --prompt TEXT     generate from this text instead of a manifest (not with --manifest)
      --count N         images to make with --prompt, 1–100 (default 1)
      --generator TYPE  back end for --prompt: procedural (default, offline), openai, stability, …
      --size WxH        size for --prompt (default 1024x1024)
      --stage           deliver as \`deliver --stage\` does (pull requests)
      --retry-refused   send prompts a provider refused on an earlier run again
${WHERE}

Examples:
  genops run -m genops.yaml
  genops run --prompt "cyberpunk city at night" --count 5`,
  history: `genops history ID — an asset's versions from the lockfile's git history, newest first,
one line each on stdout (commit, date, author, change, blob, score, URL).

Options:
${WHERE}

Example:
  genops history hero/home --json`,
  merge: `genops merge --state DIR SRC… — merges shard state folders into DIR: each blob verified by
its hash and copied, job records united (a record whose blob did not arrive intact is skipped).
Exits 1 naming what was damaged. After a merge, genops run generates nothing.

Options:
${WHERE}

Example:
  genops merge --state .genops shard-1/.genops shard-2/.genops shard-3/.genops`,
  verify: `genops verify — checks the blob store (every blob hashes to its name), the cache indexes
and the delivered files against genops.lock; repairs what it can (quarantines damaged blobs, drops
index records that point at them, re-delivers changed or missing files from the store) and exits 1
naming what it cannot.

Options:
${WHERE}

Example:
  genops verify --json`,
  pick: `genops pick ASSET N — ship variant N of ASSET (counted from 1, as the gallery shows) instead of
the best-scored one. Recorded in genops.decisions.json beside the lockfile with who and when; the
next run applies it if variant N passes every gate that cannot be overridden. A changed prompt,
generator or \`variants\` makes the pick lapse, with a note saying so.

Options:
      --by NAME         who decides (default: git config user.name, else $USER)
      --source URL      where the decision was made (e.g. a pull-request comment)
${WHERE}

Example:
  genops pick hero/skyline 2 && genops run`,
  reroll: `genops reroll ASSET — new candidates for ASSET: a new seed offset, so new jobs and keys for
this asset only (every other asset's keys stay the same). Clears its pick and approvals.

Options:
      --by NAME         who decides (default: git config user.name, else $USER)
      --source URL      where the decision was made
${WHERE}

Example:
  genops reroll hero/skyline && genops run`,
  approve: `genops approve ASSET [CHECK] — let ASSET pass a failed soft gate (e.g. aesthetic.score) that
the manifest lists under qa.overridable. Without CHECK: every such gate that failed in the run
folder's qa of this plan, or with no such qa, every check qa.overridable lists for the asset.
Policy checks (prompt rules, NSFW, moderation) can never be approved.

Options:
      --by NAME         who decides (default: git config user.name, else $USER)
      --source URL      where the decision was made
${WHERE}

Example:
  genops approve hero/skyline aesthetic.score && genops run`,
  review: `genops review --comment FILE — applies every \`/genops pick|reroll|approve …\` line of a
comment body (a pull-request comment saved to FILE); quoted lines and code blocks are ignored.
Applied commands are recorded; refused ones are listed and exit 2.

Options:
      --comment FILE    the comment body
      --by LOGIN        who wrote the comment (default: git config user.name, else $USER)
      --source URL      the comment's URL
${WHERE}

Example:
  genops review --comment body.md --by alice --source https://github.com/o/r/pull/7#issuecomment-1 --json`,
} as const;

export type CommandName = keyof typeof COMMAND_HELP;
export const COMMAND_NAMES = Object.keys(COMMAND_HELP) as CommandName[];

export const HELP = `genops — generated images as code

Usage: genops <command> [options]      genops <command> --help for its options

Commands (each reads and writes the run folder, so each can be its own CI step):
  init         start a repository: genops.yaml, workflows, .gitignore
  plan         manifest → plan.json (prompts, seeds, job keys)
  synthesize   plan.json → synthesis.json (cached jobs skip the back end)
  qa           synthesis.json → qa.json (technical checks, scores, best-of-N)
  deliver      qa.json → files with provenance, assets.json, genops.lock
  report       report.json, report.md and report.html (the review gallery)
  run          all of the above (or --prompt TEXT with no manifest)
  history ID   an asset's versions from the lockfile's git history
  merge SRC…   merge shard state folders into --state DIR
  verify       check the store, caches and delivered files against genops.lock; repair
  pick ID N    ship variant N of an asset instead of the best-scored one (genops.decisions.json)
  reroll ID    new candidates for an asset (a new seed offset)
  approve ID   let an asset pass a failed gate the manifest marks overridable
  review       apply a comment's /genops pick|reroll|approve lines

Options:
${WHERE}
  -V, --version         the version

Examples:
  genops init && genops run
  genops run --prompt "cyberpunk city at night" --count 5

${EXIT_STATUS}
`;
