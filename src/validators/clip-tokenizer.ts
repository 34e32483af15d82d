/**
 * CLIP's byte-level BPE tokenizer (openai/CLIP simple_tokenizer.py; the same model as Hugging
 * Face's CLIPTokenizer), read from a model folder's `vocab.json` + `merges.txt` or `tokenizer.json`.
 *
 * Text normalisation: Unicode NFC, whitespace runs collapsed, trimmed, lower-cased — what the
 * Hugging Face fast tokenizer does. OpenAI's ftfy and HTML-unescape passes are not applied; they
 * only change text with mojibake or HTML entities in it.
 *
 * Why hand-written: @huggingface/tokenizers (0.2) was compared on 24,568 texts. It splits a literal
 * `<|endoftext|>` out before the word pattern (so `a cat.<|endoftext|>` tokenises differently
 * from OpenAI's CLIP), and its whitespace class differs from JavaScript's at U+0085 and U+FEFF.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export const START_TOKEN = '<|startoftext|>';
export const END_TOKEN = '<|endoftext|>';
/** CLIP's text context, start and end tokens included. */
export const CONTEXT_LENGTH = 77;

const WORDS =
  /<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+/giu;

/** GPT-2's reversible map from bytes to printable characters, which the vocabulary is written in. */
export function bytesToUnicode(): string[] {
  const printable: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) printable.push(b);
  for (let b = 0xa1; b <= 0xac; b++) printable.push(b);
  for (let b = 0xae; b <= 0xff; b++) printable.push(b);
  const map: string[] = new Array(256);
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    map[b] = String.fromCodePoint(printable.includes(b) ? b : 256 + extra++);
  }
  return map;
}

export interface Tokenized {
  ids: number[];
  /** True when the text had more tokens than fit and the tail was cut. */
  truncated: boolean;
  /** Tokens the whole text needs, start and end included (more than `ids.length` when truncated). */
  length: number;
}

export class ClipTokenizer {
  private readonly byteMap = bytesToUnicode();
  private readonly ranks = new Map<string, number>();
  private readonly cache = new Map<string, string[]>();
  readonly startId: number;
  readonly endId: number;

  constructor(
    private readonly vocab: Map<string, number>,
    merges: [string, string][],
  ) {
    merges.forEach(([a, b], rank) => {
      this.ranks.set(`${a} ${b}`, rank);
    });
    const start = vocab.get(START_TOKEN);
    const end = vocab.get(END_TOKEN);
    if (start === undefined || end === undefined) {
      throw new Error(`the vocabulary has no ${START_TOKEN} / ${END_TOKEN}: is this a CLIP tokenizer?`);
    }
    this.startId = start;
    this.endId = end;
  }

  /** The BPE symbols of one pre-tokenised word, the last one ending in `</w>`. */
  bpe(word: string): string[] {
    const cached = this.cache.get(word);
    if (cached) return cached;
    const chars = [...word];
    if (chars.length === 0) return [];
    let symbols = [...chars.slice(0, -1), `${chars[chars.length - 1]}</w>`];
    while (symbols.length > 1) {
      let best = -1;
      let bestRank = Number.POSITIVE_INFINITY;
      for (let i = 0; i < symbols.length - 1; i++) {
        const rank = this.ranks.get(`${symbols[i]} ${symbols[i + 1]}`);
        if (rank !== undefined && rank < bestRank) {
          bestRank = rank;
          best = i;
        }
      }
      if (best < 0) break;
      const first = symbols[best] as string;
      const second = symbols[best + 1] as string;
      // Merge every occurrence of the winning pair, left to right, as the reference does.
      const merged: string[] = [];
      for (let i = 0; i < symbols.length; i++) {
        if (i < symbols.length - 1 && symbols[i] === first && symbols[i + 1] === second) {
          merged.push(first + second);
          i++;
        } else {
          merged.push(symbols[i] as string);
        }
      }
      symbols = merged;
    }
    this.cache.set(word, symbols);
    return symbols;
  }

  /** Token ids without start/end tokens. Unknown symbols map to the end token, as CLIPTokenizer's unk. */
  encodeBody(text: string): number[] {
    const clean = text.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
    const ids: number[] = [];
    for (const match of clean.matchAll(WORDS)) {
      const word = match[0];
      if (word === START_TOKEN || word === END_TOKEN) {
        ids.push(word === START_TOKEN ? this.startId : this.endId);
        continue;
      }
      const mapped = [...Buffer.from(word, 'utf8')].map((b) => this.byteMap[b]).join('');
      for (const symbol of this.bpe(mapped)) ids.push(this.vocab.get(symbol) ?? this.endId);
    }
    return ids;
  }

  /** `<|startoftext|> … <|endoftext|>`, cut to `contextLength` with the end token kept last. */
  encode(text: string, contextLength = CONTEXT_LENGTH): Tokenized {
    const body = this.encodeBody(text);
    const room = contextLength - 2;
    const truncated = body.length > room;
    return { ids: [this.startId, ...body.slice(0, room), this.endId], truncated, length: body.length + 2 };
  }
}

/**
 * Reads the tokenizer from a model folder: `tokenizer.json` (Hugging Face tokenizers, BPE model),
 * else `vocab.json` + `merges.txt` (what CLIPTokenizer.save_pretrained writes).
 */
export async function loadClipTokenizer(folder: string): Promise<ClipTokenizer> {
  const tokenizerJson = path.join(folder, 'tokenizer.json');
  if (existsSync(tokenizerJson)) {
    const doc = JSON.parse(await readFile(tokenizerJson, 'utf8')) as {
      model?: { type?: string; vocab?: Record<string, number>; merges?: (string | [string, string])[] };
      added_tokens?: { id: number; content: string }[];
    };
    if (doc.model?.type !== 'BPE' || !doc.model.vocab || !doc.model.merges) {
      throw new Error(`${tokenizerJson} does not hold a BPE model with vocab and merges`);
    }
    const vocab = new Map(Object.entries(doc.model.vocab));
    for (const t of doc.added_tokens ?? []) if (!vocab.has(t.content)) vocab.set(t.content, t.id);
    return new ClipTokenizer(vocab, doc.model.merges.map(toPair));
  }
  const vocabFile = path.join(folder, 'vocab.json');
  const mergesFile = path.join(folder, 'merges.txt');
  if (!existsSync(vocabFile) || !existsSync(mergesFile)) {
    throw new Error(`no tokenizer in ${folder}: expected tokenizer.json, or vocab.json and merges.txt`);
  }
  const vocab = new Map(
    Object.entries(JSON.parse(await readFile(vocabFile, 'utf8')) as Record<string, number>),
  );
  const merges = (await readFile(mergesFile, 'utf8'))
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#version'))
    .map(toPair);
  return new ClipTokenizer(vocab, merges);
}

function toPair(merge: string | [string, string]): [string, string] {
  if (Array.isArray(merge)) return merge;
  const space = merge.indexOf(' ');
  if (space <= 0) throw new Error(`malformed BPE merge "${merge}"`);
  return [merge.slice(0, space), merge.slice(space + 1).trimEnd()];
}
