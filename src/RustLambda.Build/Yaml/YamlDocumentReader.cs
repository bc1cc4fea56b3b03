using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RustLambda.Build.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace RustLambda.Build.Yaml
{
    /// <summary>
    /// Reads YAML (and JSON, which YAML parses) into <see cref="YamlNodeBase"/> trees using YamlDotNet's event parser.
    /// We build the tree from events rather than with YamlDotNet's representation model because templates are untrusted
    /// input: this keeps nesting depth bounded (no stack overflow on a deep document), makes alias expansion count against a
    /// node budget (no "billion laughs"), rejects duplicate keys as CloudFormation does, and keeps every unknown tag as data.
    /// </summary>
    public static class YamlDocumentReader
    {
        public const int MaxDepth = 200;
        public const int MaxNodes = 1_000_000;

        public static YamlNodeBase? Parse(string text)
        {
            RejectControlCharacters(text);
            var parser = new TrackingParser(new Parser(new StringReader(text)));
            var anchors = new Dictionary<string, YamlNodeBase>(StringComparer.Ordinal);
            var anchorSizes = new Dictionary<YamlNodeBase, long>();
            long nodeBudget = MaxNodes;
            YamlNodeBase? root = null;

            try
            {
                parser.Consume<StreamStart>();
                if (parser.TryConsume<StreamEnd>(out _))
                {
                    return null;
                }
                parser.Consume<DocumentStart>();
                root = ReadNode(parser, 0, anchors, anchorSizes, ref nodeBudget, out _);
                parser.Consume<DocumentEnd>();
                if (!parser.TryConsume<StreamEnd>(out _))
                {
                    var next = parser.Current;
                    throw new YamlDocumentException("the file holds more than one YAML document; a SAM template is a single document", Line(next?.Start), Col(next?.Start));
                }
            }
            catch (YamlException ex)
            {
                int line = (int)ex.Start.Line;
                int column = (int)ex.Start.Column;
                if (ex.Message.IndexOf("tab character", StringComparison.Ordinal) >= 0)
                {
                    // YamlDotNet stops at the end of the line before the tab; point at the tab that indents instead.
                    (line, column) = IndentingTab(text, line) ?? (line, column);
                }
                int lastLineStart = text.LastIndexOf('\n') + 1;
                int lineCount = 1 + text.Count(c => c == '\n');
                if (line > lineCount)
                {
                    // At the end of a file without a final line end YamlDotNet names a line the file does not have.
                    line = lineCount;
                    column = text.Length - lastLineStart + 1;
                }
                throw new YamlDocumentException(CleanMessage(ex.Message), line, column);
            }
            catch (Exception ex) when (ex is InvalidOperationException || ex is ArgumentException || ex is IndexOutOfRangeException || ex is NullReferenceException)
            {
                // YamlDotNet's scanner fails this way on some malformed input (e.g. ": [a\n'"); it is still a syntax error.
                throw new YamlDocumentException($"the YAML parser stopped after this point ({ex.GetType().Name}); look for an unclosed quote or bracket",
                    Math.Max(Line(parser.LastEnd), 1), Math.Max(Col(parser.LastEnd), 1));
            }
            return root;
        }

        private static YamlNodeBase ReadNode(IParser parser, int depth, Dictionary<string, YamlNodeBase> anchors, Dictionary<YamlNodeBase, long> anchorSizes, ref long nodeBudget, out long size)
        {
            var current = parser.Current ?? throw new YamlDocumentException("unexpected end of the document", 0, 0);
            if (depth > MaxDepth)
            {
                throw new YamlDocumentException($"the document nests deeper than {MaxDepth} levels", Line(current.Start), Col(current.Start));
            }

            if (current is AnchorAlias alias)
            {
                parser.MoveNext();
                if (!anchors.TryGetValue(alias.Value.Value, out var target))
                {
                    throw new YamlDocumentException($"the alias *{alias.Value.Value} refers to no anchor", Line(alias.Start), Col(alias.Start));
                }
                // An alias re-uses the anchored node; charging its full size keeps "billion laughs" documents from growing unbounded.
                size = anchorSizes.TryGetValue(target, out var s) ? s : 1;
                Charge(ref nodeBudget, size, alias.Start);
                return target;
            }

            YamlNodeBase node;
            long total = 1;
            Charge(ref nodeBudget, 1, current.Start);
            switch (current)
            {
                case Scalar scalar:
                    parser.MoveNext();
                    node = new YamlScalar(scalar.Value, scalar.Style != ScalarStyle.Plain, Line(scalar.Start), Col(scalar.Start), TagOf(scalar.Tag), scalar.Style);
                    Remember(anchors, scalar.Anchor, node);
                    break;
                case SequenceStart sequenceStart:
                {
                    parser.MoveNext();
                    var items = new List<YamlNodeBase>();
                    node = new YamlSequence(items, Line(sequenceStart.Start), Col(sequenceStart.Start), TagOf(sequenceStart.Tag), sequenceStart.Style == SequenceStyle.Flow);
                    while (!parser.TryConsume<SequenceEnd>(out _))
                    {
                        items.Add(ReadNode(parser, depth + 1, anchors, anchorSizes, ref nodeBudget, out var itemSize));
                        total += itemSize;
                    }
                    Remember(anchors, sequenceStart.Anchor, node);
                    break;
                }
                case MappingStart mappingStart:
                {
                    parser.MoveNext();
                    var entries = new List<KeyValuePair<YamlScalar, YamlNodeBase>>();
                    node = new YamlMapping(entries, Line(mappingStart.Start), Col(mappingStart.Start), TagOf(mappingStart.Tag), mappingStart.Style == MappingStyle.Flow);
                    var seen = new HashSet<string>(StringComparer.Ordinal);
                    while (!parser.TryConsume<MappingEnd>(out _))
                    {
                        var keyEvent = parser.Current;
                        var key = ReadNode(parser, depth + 1, anchors, anchorSizes, ref nodeBudget, out _) as YamlScalar
                            ?? throw new YamlDocumentException("a mapping key must be a plain string, not a list or mapping", Line(keyEvent?.Start), Col(keyEvent?.Start));
                        if (!seen.Add(key.Value))
                        {
                            throw new YamlDocumentException($"the key '{MessageText.Shorten(key.Value)}' appears twice in the same mapping; remove or rename one", key.Line, key.Column);
                        }
                        var value = ReadNode(parser, depth + 1, anchors, anchorSizes, ref nodeBudget, out var valueSize);
                        total += valueSize + 1;
                        entries.Add(new KeyValuePair<YamlScalar, YamlNodeBase>(key, value));
                    }
                    MergeKeys(node);
                    Remember(anchors, mappingStart.Anchor, node);
                    break;
                }
                default:
                    throw new YamlDocumentException($"unexpected YAML content ({current.GetType().Name})", Line(current.Start), Col(current.Start));
            }

            anchorSizes[node] = total;
            size = total;
            return node;
        }

        // YAML 1.1 merge keys (`<<: *base`) are common in hand-written templates; fold them in, local keys winning.
        private static void MergeKeys(YamlNodeBase node)
        {
            var mapping = (YamlMapping)node;
            int index = mapping.Entries.FindIndex(e => e.Key.Value == "<<" && !e.Key.IsQuoted);
            if (index < 0)
            {
                return;
            }
            var merge = mapping.Entries[index].Value;
            mapping.Entries.RemoveAt(index);
            var sources = merge is YamlSequence seq ? seq.Items : new List<YamlNodeBase> { merge };
            foreach (var source in sources.OfType<YamlMapping>())
            {
                foreach (var entry in source.Entries)
                {
                    if (mapping[entry.Key.Value] == null)
                    {
                        mapping.Entries.Add(entry);
                    }
                }
            }
        }

        /// <summary>The first tab in the leading whitespace of a line from <paramref name="fromLine"/> on (1-based), if any.</summary>
        private static (int Line, int Column)? IndentingTab(string text, int fromLine)
        {
            var lines = text.Split('\n');
            for (int i = Math.Max(fromLine, 1) - 1; i < lines.Length; i++)
            {
                int tab = lines[i].IndexOf('\t');
                if (tab >= 0 && lines[i].Substring(0, tab).Trim(' ').Length == 0)
                {
                    return (i + 1, tab + 1);
                }
            }
            return null;
        }

        // YAML and JSON allow no C0 control character but tab and line ends; YamlDotNet lets some through into values, and
        // one in a template means a binary or corrupted file, so say so at its position rather than build with it.
        private static void RejectControlCharacters(string text)
        {
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '\n')
                {
                    line++;
                    lineStart = i + 1;
                }
                else if (c < ' ' && c != '\t' && c != '\r')
                {
                    throw new YamlDocumentException($"it contains the control character U+{(int)c:X4}, which YAML and JSON do not allow (is it a binary or corrupted file?)", line, i - lineStart + 1);
                }
            }
        }

        /// <summary>Remembers where the last event ended, to place an error when YamlDotNet fails without a position.</summary>
        private sealed class TrackingParser : IParser
        {
            private readonly IParser _inner;

            public TrackingParser(IParser inner) => _inner = inner;

            public Mark? LastEnd { get; private set; }

            public ParsingEvent? Current => _inner.Current;

            public bool MoveNext()
            {
                LastEnd = _inner.Current?.End ?? LastEnd;
                return _inner.MoveNext();
            }
        }

        private static void Charge(ref long budget, long amount, Mark start)
        {
            budget -= amount;
            if (budget < 0)
            {
                throw new YamlDocumentException($"the document expands to more than {MaxNodes} nodes (an alias bomb?)", Line(start), Col(start));
            }
        }

        private static void Remember(Dictionary<string, YamlNodeBase> anchors, AnchorName anchor, YamlNodeBase node)
        {
            if (!anchor.IsEmpty)
            {
                anchors[anchor.Value] = node;
            }
        }

        private static string? TagOf(TagName tag) => tag.IsEmpty || tag.IsNonSpecific ? null : tag.Value;

        private static int Line(Mark? mark) => mark.HasValue ? (int)mark.Value.Line : 0;
        private static int Col(Mark? mark) => mark.HasValue ? (int)mark.Value.Column : 0;

        // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: …) - (…): "; the position is reported separately.
        private static string CleanMessage(string message)
        {
            int idx = message.LastIndexOf("): ", StringComparison.Ordinal);
            return idx >= 0 && message.StartsWith("(", StringComparison.Ordinal) ? message.Substring(idx + 3) : message;
        }
    }
}
