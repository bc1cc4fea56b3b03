using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using CsCheck;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.SamConfig;
using RustLambda.Build.Template;

namespace RustLambda.Build.Tests
{
    /// <summary>
    /// Property-based tests: thousands of generated SAM templates (rendered to YAML or JSON, then mangled by random text
    /// mutations), samconfig.toml files and SamParameterOverrides strings. Whatever the input, the parsers must return
    /// within a bound, never throw, and answer either with a result or with at least one documented error diagnostic.
    /// CsCheck prints the seed of a failing run; set CsCheck_Seed to it to replay.
    /// </summary>
    [TestClass]
    public class ParserPropertyTests
    {
        public TestContext TestContext { get; set; } = null!;

        /// <summary>One input must never take longer than this (the slowest honest one, a 200 KB scalar, takes a few ms).</summary>
        private static readonly TimeSpan PerInputLimit = TimeSpan.FromSeconds(2);

        private const int Threads = 2;

        // ---------------------------------------------------------------- a small YAML model, rendered two ways

        private abstract class Node
        {
        }

        private sealed class Scalar : Node
        {
            public Scalar(string text, char quote = '\0')
            {
                Text = text;
                Quote = quote;
            }

            public string Text { get; }

            /// <summary>'\0' plain where YAML allows it, '\'' or '"' quoted.</summary>
            public char Quote { get; }
        }

        private sealed class Sequence : Node
        {
            public Sequence(Node[] items, bool flow = false)
            {
                Items = items;
                Flow = flow;
            }

            public Node[] Items { get; }
            public bool Flow { get; }
        }

        private sealed class Mapping : Node
        {
            public Mapping(IEnumerable<(string Key, Node Value)> entries, bool flow = false)
            {
                Entries = entries.ToArray();
                Flow = flow;
            }

            public (string Key, Node Value)[] Entries { get; }
            public bool Flow { get; }
        }

        /// <summary>A CloudFormation short form such as <c>!Ref X</c> (rendered as <c>{"Ref": "X"}</c> in JSON).</summary>
        private sealed class Tagged : Node
        {
            public Tagged(string tag, Node value)
            {
                Tag = tag;
                Value = value;
            }

            public string Tag { get; }
            public Node Value { get; }
        }

        private static readonly Regex PlainSafe = new Regex(@"^[A-Za-z0-9_][A-Za-z0-9_.\-/]*$", RegexOptions.CultureInvariant);

        private static string YamlScalar(Scalar s)
        {
            if (s.Quote == '\0' && PlainSafe.IsMatch(s.Text))
            {
                return s.Text;
            }
            if (s.Quote == '\'' && s.Text.All(c => c >= ' ' && JsonString(c.ToString()).Length == 3))
            {
                return "'" + s.Text.Replace("'", "''") + "'";
            }
            return JsonString(s.Text);
        }

        private static string JsonString(string text)
        {
            var sb = new StringBuilder("\"");
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    sb.Append(c).Append(text[++i]);
                    continue;
                }
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\t': sb.Append("\\t"); break;
                    default:
                        if (c < ' ' || char.IsSurrogate(c) || (c >= '\u007f' && c <= '\u009f') || c == '\u2028' || c == '\u2029' || c == '\ufeff')
                        {
                            sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            sb.Append(c);
                        }
                        break;
                }
            }
            return sb.Append('"').ToString();
        }

        private static string YamlFlow(Node node) => node switch
        {
            Scalar s => YamlScalar(s),
            Sequence l => "[" + string.Join(", ", l.Items.Select(YamlFlow)) + "]",
            Mapping m => "{" + string.Join(", ", m.Entries.Select(e => YamlScalar(new Scalar(e.Key)) + ": " + YamlFlow(e.Value))) + "}",
            Tagged t => t.Tag + " " + YamlFlow(Untagged(t.Value)),
            _ => throw new InvalidOperationException(),
        };

        /// <summary>YAML allows one tag per node, so a short form directly inside another is written in the long form.</summary>
        private static Node Untagged(Node node) => node is Tagged t
            ? new Mapping(new[] { (t.Tag == "!Ref" || t.Tag == "!Condition" ? t.Tag.Substring(1) : "Fn::" + t.Tag.Substring(1), t.Value) }, flow: true)
            : node;

        /// <summary>What follows "key:" or "-": the value inline, or on the next lines indented by <paramref name="indent"/>.</summary>
        private static void YamlValue(StringBuilder sb, Node node, int indent)
        {
            switch (node)
            {
                case Mapping m when !m.Flow && m.Entries.Length > 0:
                    sb.Append('\n');
                    foreach (var (key, value) in m.Entries)
                    {
                        sb.Append(' ', indent).Append(YamlScalar(new Scalar(key))).Append(':');
                        YamlValue(sb, value, indent + 2);
                    }
                    break;
                case Sequence l when !l.Flow && l.Items.Length > 0:
                    sb.Append('\n');
                    foreach (var item in l.Items)
                    {
                        sb.Append(' ', indent).Append('-');
                        YamlValue(sb, item, indent + 2);
                    }
                    break;
                case Tagged t when t.Value is Mapping { Flow: false, Entries.Length: > 0 } || t.Value is Sequence { Flow: false, Items.Length: > 0 } || t.Value is Tagged:
                    sb.Append(' ').Append(t.Tag);
                    YamlValue(sb, Untagged(t.Value), indent);
                    break;
                default:
                    sb.Append(' ').Append(YamlFlow(node)).Append('\n');
                    break;
            }
        }

        private static string ToYaml(Mapping root)
        {
            var sb = new StringBuilder();
            foreach (var (key, value) in root.Entries)
            {
                sb.Append(YamlScalar(new Scalar(key))).Append(':');
                YamlValue(sb, value, 2);
            }
            return sb.ToString();
        }

        private static string ToJson(Node node) => node switch
        {
            Scalar s => JsonString(s.Text),
            Sequence l => "[" + string.Join(", ", l.Items.Select(ToJson)) + "]",
            Mapping m => "{\n" + string.Join(",\n", m.Entries.Select(e => JsonString(e.Key) + ": " + ToJson(e.Value))) + "\n}",
            Tagged t => "{" + JsonString(t.Tag == "!Ref" || t.Tag == "!Condition" ? t.Tag.Substring(1) : "Fn::" + t.Tag.Substring(1)) + ": " + ToJson(t.Value) + "}",
            _ => throw new InvalidOperationException(),
        };

        // ---------------------------------------------------------------- generators

        private static readonly string[] InterestingStrings =
        {
            "", "~", "null", "0", "-1", "1.5", "0x1E", "1e3", "true", "no", "x86_64", "arm64", "provided.al2023", "provided.al2", "provided",
            "bootstrap", "rust-cargolambda", ".", "..", "rust", "Bücher Ω", "nowhere", "s3://bucket/key.zip", "${Stage}", "${AWS::Region}",
            "${!Literal}", "${", "a b", "'", "\"", ":", "# not a comment", "- dash", "{", "[", "&a", "*a", "!Ref", "<<", "\t", "\n", "\r\n",
            "\u00a0", "\u2028", "\ufeff", "\U0001F980", "C:\\path", "/abs/path", "../up", "Fn", "AWS::Serverless::Function",
        };

        private static readonly Gen<string> RandomText =
            Gen.Char["abcxyz019 _-./:\\'\"#&*!{}[],|>%@`\t\nÄüΩ語\u0085\u2028\ufeff"].Array[0, 12].Select(a => new string(a));

        private static readonly Gen<string> Text = Gen.Frequency<string>(
            (150, Gen.OneOfConst(InterestingStrings)),
            (80, RandomText),
            (1, Gen.Int[1_000, 100_000].Select(n => new string('x', n))));

        private static readonly Gen<char> QuoteStyle = Gen.OneOfConst('\0', '\0', '\'', '"');

        private static readonly Gen<Node> ScalarNode = Gen.Select(Text, QuoteStyle, (t, q) => (Node)new Scalar(t, q));

        private static Gen<Node> Const(string text) => Gen.Const<Node>(new Scalar(text));

        private static Gen<Node> OneOf(params string[] texts) => Gen.OneOfConst(texts).Select(t => (Node)new Scalar(t));

        private static readonly string[] Tags = { "!Ref", "!Sub", "!GetAtt", "!If", "!Join", "!Select", "!FindInMap", "!Condition", "!Base64", "!Unknown", "!Equals" };

        private static readonly Gen<string> KeyText = Gen.Frequency<string>(
            (6, Gen.OneOfConst("Runtime", "Handler", "CodeUri", "Code", "Architectures", "Timeout", "MemorySize", "Environment", "Variables",
                "Type", "Properties", "Metadata", "BuildMethod", "BuildProperties", "Binary", "Default", "Ref", "Fn::Sub", "Fn::Join", "Fn::GetAtt",
                "Bucket", "Key", "A", "B", "<<")),
            (1, RandomText));

        private static readonly Gen<Node>[] NodesByDepth = BuildNodes(3);

        private static Gen<Node>[] BuildNodes(int maxDepth)
        {
            var byDepth = new Gen<Node>[maxDepth + 1];
            byDepth[0] = ScalarNode;
            for (int depth = 1; depth <= maxDepth; depth++)
            {
                var inner = byDepth[depth - 1];
                var list = Gen.Select(inner.Array[0, 4], Gen.Bool, (items, flow) => (Node)new Sequence(items, flow));
                var map = Gen.Select(Gen.Select(KeyText, inner).Array[0, 4], Gen.Bool,
                    (entries, flow) => (Node)new Mapping(entries.GroupBy(e => e.Item1).Select(g => (g.Key, g.First().Item2)), flow));
                var tagged = Gen.Select(Gen.OneOfConst(Tags), inner, (tag, value) => (Node)new Tagged(tag, value));
                var longForm = Gen.Select(Gen.OneOfConst("Ref", "Fn::Sub", "Fn::GetAtt", "Fn::If", "Fn::Join", "Fn::Unknown"), inner,
                    (key, value) => (Node)new Mapping(new[] { (key, value) }));
                byDepth[depth] = Gen.Frequency<Node>((5, ScalarNode), (2, list), (2, map), (2, tagged), (1, longForm));
            }
            return byDepth;
        }

        private static readonly Gen<Node> AnyNode = NodesByDepth[3];

        /// <summary>Mostly sensible values for a property, sometimes any node at all.</summary>
        private static Gen<Node> Value(Gen<Node> plain, params Gen<Node>[] others) =>
            Gen.Frequency<Node>(new[] { (12, (IGen<Node>)plain), (1, AnyNode) }.Concat(others.Select(o => (1, (IGen<Node>)o))).ToArray());

        private static Gen<Node> Ref(string parameter) => Gen.Const<Node>(new Tagged("!Ref", new Scalar(parameter)));

        private static readonly Gen<Node> Architectures = Value(
            Gen.OneOfConst("x86_64", "arm64", "x86_64", "arm64", "riscv64").Select(a => (Node)new Sequence(new Node[] { new Scalar(a) }, flow: true)),
            Gen.OneOfConst("x86_64", "arm64").Select(a => (Node)new Sequence(new Node[] { new Scalar(a) })),
            Gen.Const<Node>(new Sequence(new Node[] { new Scalar("x86_64"), new Scalar("arm64") })),
            Gen.Const<Node>(new Sequence(new Node[0], flow: true)),
            Ref("Arch"),
            Gen.Const<Node>(new Sequence(new Node[] { new Tagged("!Ref", new Scalar("Arch")) }, flow: true)));

        private static readonly Gen<Node> CodeLocation = Value(
            OneOf(".", ".", ".", "rust", "rust", "Bücher Ω", "Fünf Ω/mein crate", "nowhere", "s3://bucket/key.zip", "template.yaml", ""),
            Ref("Dir"),
            Gen.Const<Node>(new Tagged("!Sub", new Scalar("${Dir}"))),
            Gen.Const<Node>(new Mapping(new[] { ("Bucket", (Node)new Scalar("b")), ("Key", new Scalar("k")) })));

        private static readonly Gen<Node> EnvironmentNode = Value(
            Gen.Select(Gen.Select(Gen.OneOfConst("A", "B", "GREETING", "Ω"), Gen.Frequency<Node>((3, ScalarNode), (1, AnyNode))).Array[0, 3], vars =>
                (Node)new Mapping(new[] { ("Variables", (Node)new Mapping(vars.GroupBy(v => v.Item1).Select(g => (g.Key, g.First().Item2)))) })));

        /// <summary>Each property the reader reads: a value that is right, and a value that may be anything.</summary>
        private static readonly (string Name, Gen<Node> Good, Gen<Node> Wild)[] FunctionProperties =
        {
            ("Runtime", OneOf("provided.al2023", "provided.al2023", "provided.al2"),
                Value(OneOf("provided.al2023", "provided.al2023", "provided.al2", "provided", "python3.12", ""), Ref("Runtime"))),
            ("Architectures", Gen.OneOfConst("x86_64", "arm64").Select(a => (Node)new Sequence(new Node[] { new Scalar(a) }, flow: true)), Architectures),
            ("Handler", OneOf("bootstrap"), Value(OneOf("bootstrap", "bootstrap", "", "app.handler"), Gen.Const<Node>(new Tagged("!GetAtt", new Scalar("X.Y"))))),
            ("CodeUri", OneOf(".", "rust", "Bücher Ω", "Fünf Ω/mein crate"), CodeLocation),
            ("Timeout", OneOf("3", "900"), Value(OneOf("3", "900", "0", "-1", "1.5", "soon", "99999999999"))),
            ("MemorySize", OneOf("128", "10240"), Value(OneOf("128", "10240", "0", "big"))),
            ("Environment", Gen.Select(Gen.OneOfConst("A", "B", "GREETING", "Ω"), Text).Array[0, 3].Select(vars =>
                (Node)new Mapping(new[] { ("Variables", (Node)new Mapping(vars.GroupBy(v => v.Item1).Select(g => (g.Key, (Node)new Scalar(g.First().Item2))))) })), EnvironmentNode),
        };

        private static Gen<Node[]> Combine(IEnumerable<Gen<Node>> gens) =>
            gens.Aggregate(Gen.Const(new Node[0]), (acc, g) => Gen.Select(acc, g, (a, v) => a.Append(v).ToArray()));

        /// <summary>A random subset of the properties (Runtime and Handler always), each good or wild.</summary>
        private static Gen<Node> Properties(bool clean) => Gen.Select(Gen.Bool.Array[FunctionProperties.Length],
            Combine(FunctionProperties.Select(p => clean ? p.Good : p.Wild)),
            (keep, values) => (Node)new Mapping(FunctionProperties.Select((p, i) => (p.Name, values[i])).Where((_, i) => keep[i] || i == 0 || i == 2)));

        private static Gen<Node> Metadata(bool clean) => clean
            ? Gen.Frequency<Node>(
                (3, Gen.Const<Node>(new Mapping(new[] { ("BuildMethod", (Node)new Scalar("rust-cargolambda")) }))),
                (1, OneOf("handler", "bücher").Select(b => (Node)new Mapping(new[] { ("BuildMethod", (Node)new Scalar("rust-cargolambda")), ("BuildProperties", new Mapping(new[] { ("Binary", b) })) }))))
            : Gen.Frequency<Node>(
                (15, Gen.Select(OneOf("rust-cargolambda", "rust-cargolambda", "rust-cargolambda", "makefile", ""),
                    Gen.Frequency<Node?>((8, Gen.Const((Node?)null)), (2, OneOf("handler", "other", "../evil", "a/b").Select(b => (Node?)new Mapping(new[] { ("Binary", b) }))),
                        (1, ScalarNode.Select(n => (Node?)n)), (1, AnyNode.Select(n => (Node?)n))),
                    (method, build) => (Node)new Mapping(new[] { ("BuildMethod", method) }.Concat(build == null ? new (string, Node)[0] : new[] { ("BuildProperties", build) })))),
                (1, AnyNode));

        private static readonly string[] ResourceIds = { "Fn", "Fn2", "Api", "Table", "Fn3", "Orders", "My-Fn", "Bücher", "" };
        private static readonly string[] GoodResourceIds = { "Fn", "Fn2", "Api", "Orders" };

        private static Gen<(string Id, Node Resource)> Resource(bool clean) => Gen.Select(
            Gen.OneOfConst(clean ? GoodResourceIds : ResourceIds),
            clean ? Gen.FrequencyConst((3, "AWS::Serverless::Function"), (1, "AWS::Lambda::Function"))
                : Gen.FrequencyConst((6, "AWS::Serverless::Function"), (2, "AWS::Lambda::Function"), (1, "AWS::SNS::Topic"), (1, "Custom::Thing")),
            clean ? Properties(true) : Gen.Frequency<Node>((30, Properties(false)), (1, AnyNode)),
            Metadata(clean),
            clean ? Gen.Const(9) : Gen.Int[0, 40],
            (id, type, properties, metadata, shape) =>
            {
                if (type == "AWS::Lambda::Function" && properties is Mapping p)
                {
                    properties = new Mapping(p.Entries.Select(e => e.Key == "CodeUri" ? ("Code", e.Value) : e));
                }
                Node resource = shape switch
                {
                    0 => AnyNodeSample(id),
                    1 => new Mapping(new[] { ("Type", (Node)new Sequence(new Node[] { new Scalar(type) })), ("Properties", properties) }),
                    _ => new Mapping(new[] { ("Type", (Node)new Scalar(type)), ("Properties", properties), ("Metadata", metadata) }),
                };
                return (id, resource);
            });

        /// <summary>A resource that is not a mapping: a string or a list.</summary>
        private static Node AnyNodeSample(string id) => id.Length % 2 == 0 ? new Scalar(id) : new Sequence(new Node[] { new Scalar(id) });

        private static readonly Gen<Node> Parameters = Gen.Select(Gen.OneOfConst("Stage", "Arch", "Runtime", "Dir", "Bin").Array[0, 4],
            Gen.Select(Gen.OneOfConst("String", "CommaDelimitedList", "Number", "List<String>"), Gen.Frequency<Node?>((1, Gen.Const((Node?)null)), (3, OneOf("dev", "arm64", "provided.al2023", "rust", "x86_64,arm64", "").Select(n => (Node?)n)), (1, AnyNode.Select(n => (Node?)n)))).Array[5],
            (names, definitions) => (Node)new Mapping(names.Distinct().Select((name, i) =>
                (name, (Node)new Mapping(new[] { ("Type", (Node)new Scalar(definitions[i].Item1)) }.Concat(definitions[i].Item2 == null ? new (string, Node)[0] : new[] { ("Default", definitions[i].Item2!) }))))));

        private static Gen<Node> Globals(bool clean) => clean
            ? Properties(true).Select(p => (Node)new Mapping(new[] { ("Function", p) }))
            : Gen.Frequency<Node>(
                (4, Properties(false).Select(p => (Node)new Mapping(new[] { ("Function", p) }))),
                (1, Gen.Select(AnyNode, n => (Node)new Mapping(new[] { ("Function", n) }))),
                (1, AnyNode));

        /// <summary>A template: "clean" ones are valid SAM (so mutations start from something the reader fully walks), the others anything.</summary>
        private static Gen<Mapping> Model(bool clean) => Gen.Select(
            Gen.Bool, Gen.Frequency<Node?>((2, Gen.Const((Node?)null)), (2, Parameters.Select(n => (Node?)n))),
            Gen.Frequency<Node?>((2, Gen.Const((Node?)null)), (1, Globals(clean).Select(n => (Node?)n))),
            Resource(clean).Array[clean ? 1 : 0, 3],
            Gen.Frequency<Node?>((3, Gen.Const((Node?)null)), (1, AnyNode.Select(n => (Node?)n))),
            (version, parameters, globals, resources, outputs) =>
            {
                var entries = new List<(string, Node)>();
                if (version)
                {
                    entries.Add(("AWSTemplateFormatVersion", new Scalar("2010-09-09", '\'')));
                    entries.Add(("Transform", new Scalar("AWS::Serverless-2016-10-31")));
                }
                if (parameters != null)
                {
                    entries.Add(("Parameters", parameters));
                }
                if (globals != null)
                {
                    entries.Add(("Globals", globals));
                }
                entries.Add(("Resources", new Mapping(resources.GroupBy(r => r.Item1).Select(g => (g.Key, g.First().Item2)))));
                if (outputs != null)
                {
                    entries.Add(("Outputs", outputs));
                }
                return new Mapping(entries);
            });

        private static readonly Gen<Mapping> TemplateModel = Gen.Frequency<Mapping>((2, Model(true)), (3, Model(false)));

        // ---------------------------------------------------------------- mutations

        private static readonly string[] YamlPayloads =
        {
            "\t", "'", "\"", "&a ", "*a", " *a", "!Tag ", "!Ref ", "!!int ", "{", "[", "}", "]", "{[", ": ", ":", "- ", "\n", "\n  ", "\n    - ", "#",
            "%YAML 1.1\n", "---\n", "...\n", "? ", "|\n", ">-\n", "\0", "\u0001", "\ufeff", "Ω", "ü", "\u2028", "\u0085", "\r", "<<: *a\n",
            "&a [x]", "\\", "\ud800", "\U0001F980", ",", "${", "a: &a [*a]", "  ", "\"\\x", "\"\\u12",
        };

        private sealed class Mutation
        {
            public Mutation(int kind, int at, int other, string payload)
            {
                Kind = kind;
                At = at;
                Other = other;
                Payload = payload;
            }

            public int Kind { get; }
            public int At { get; }
            public int Other { get; }
            public string Payload { get; }
        }

        private static Gen<Mutation[]> Mutations(string[] payloads) => Gen.Frequency<Mutation[]>(
            (2, Gen.Const(new Mutation[0])),
            (3, Gen.Select(Gen.Int[0, 9], Gen.Int[0, 1_000_000], Gen.Int[0, 1_000_000], Gen.OneOfConst(payloads),
                (kind, at, other, payload) => new Mutation(kind, at, other, payload)).Array[1, 4]));

        /// <summary>Text mutations: delete, insert, duplicate and swap characters and lines, tabs, indentation.</summary>
        private static string Mutate(string text, Mutation[] mutations)
        {
            foreach (var m in mutations)
            {
                int at = text.Length == 0 ? 0 : m.At % (text.Length + 1);
                var lines = text.Split('\n').ToList();
                int line = m.At % lines.Count;
                int otherLine = m.Other % lines.Count;
                switch (m.Kind)
                {
                    case 0: // delete a run of characters
                        text = text.Remove(at, Math.Min(1 + m.Other % 8, text.Length - at));
                        break;
                    case 1:
                    case 2: // insert a payload
                        text = text.Insert(at, m.Payload);
                        break;
                    case 3: // duplicate a run of characters
                        text = text.Insert(at, text.Substring(at, Math.Min(1 + m.Other % 16, text.Length - at)));
                        break;
                    case 4: // swap two characters
                        if (text.Length >= 2)
                        {
                            int i = Math.Min(at, text.Length - 2);
                            text = text.Substring(0, i) + text[i + 1] + text[i] + text.Substring(i + 2);
                        }
                        break;
                    case 5: // duplicate a line
                        lines.Insert(line, lines[line]);
                        text = string.Join("\n", lines);
                        break;
                    case 6: // delete a line
                        lines.RemoveAt(line);
                        text = string.Join("\n", lines);
                        break;
                    case 7: // swap two lines
                        (lines[line], lines[otherLine]) = (lines[otherLine], lines[line]);
                        text = string.Join("\n", lines);
                        break;
                    case 8: // indent with a tab, or change the indentation by one space
                        string l = lines[line];
                        lines[line] = (m.Other % 3) switch
                        {
                            0 => "\t" + l.TrimStart(' '),
                            1 => " " + l,
                            _ => l.StartsWith(" ", StringComparison.Ordinal) ? l.Substring(1) : l,
                        };
                        text = string.Join("\n", lines);
                        break;
                    default: // CRLF line ends from here on
                        text = text.Substring(0, at) + text.Substring(at).Replace("\n", "\r\n");
                        break;
                }
            }
            return text;
        }

        /// <summary>After the text becomes bytes: sometimes a byte that is not UTF-8, or a byte order mark.</summary>
        private static readonly Gen<(int Kind, int At)> ByteMutation = Gen.Frequency<(int, int)>(
            (12, Gen.Const((-1, 0))),
            (1, Gen.Select(Gen.Int[0, 5], Gen.Int[0, 1_000_000], (k, a) => (k, a))));

        private static byte[] ToBytes(string text, (int Kind, int At) mutation)
        {
            var bytes = new UTF8Encoding(false, false).GetBytes(text).ToList(); // lone surrogates become U+FFFD
            int at = mutation.At % (bytes.Count + 1);
            switch (mutation.Kind)
            {
                case 0: bytes.Insert(at, 0xFF); break;
                case 1: bytes.Insert(at, 0xC3); break;
                case 2: bytes.InsertRange(0, new byte[] { 0xEF, 0xBB, 0xBF }); break;
                case 3: bytes.InsertRange(0, new byte[] { 0xFF, 0xFE }); break;
                case 4: bytes.InsertRange(at, new byte[] { 0xE2, 0x82 }); break;
                case 5: bytes.InsertRange(0, new byte[] { 0xFE, 0xFF, 0x00 }); break;
            }
            return bytes.ToArray();
        }

        // ---------------------------------------------------------------- the template reader property

        private sealed class TemplateInput
        {
            public TemplateInput(string text, byte[] bytes, Dictionary<string, string> overrides, string[] selected)
            {
                Text = text;
                Bytes = bytes;
                Overrides = overrides;
                Selected = selected;
            }

            public string Text { get; }
            public byte[] Bytes { get; }
            public Dictionary<string, string> Overrides { get; }
            public string[] Selected { get; }
        }

        private static readonly Gen<TemplateInput> TemplateInputs = Gen.Select(
            TemplateModel, Gen.Int[0, 4], Mutations(YamlPayloads), ByteMutation,
            Gen.Frequency<Dictionary<string, string>>((4, Gen.Const(new Dictionary<string, string>())),
                (1, Gen.Select(Gen.OneOfConst("Stage", "Arch", "Dir", "Runtime", "Nope"), Gen.OneOfConst("dev", "arm64", "rust", "provided.al2", "")).Array[1, 3]
                    .Select(pairs => pairs.GroupBy(p => p.Item1).ToDictionary(g => g.Key, g => g.First().Item2)))),
            Gen.Frequency<string[]>((5, Gen.Const(new string[0])), (1, Gen.OneOfConst(ResourceIds).Array[1, 2])),
            (model, format, mutations, byteMutation, overrides, selected) =>
            {
                string text = Mutate(format == 0 ? ToJson(model) : ToYaml(model), mutations);
                return new TemplateInput(text, ToBytes(text, byteMutation), overrides, selected);
            });

        private static readonly Lazy<TempDirectory> Root = new Lazy<TempDirectory>(() => new TempDirectory("property"));

        /// <summary>One folder per thread, reused for every input: a template path with CodeUri folders (odd names included) beside it.</summary>
        private static readonly ThreadLocal<string> ThreadFolder = new ThreadLocal<string>(() =>
        {
            string folder = Path.Combine(Root.Value.Path, "thread-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            foreach (var sub in new[] { "rust", "Bücher Ω", Path.Combine("Fünf Ω", "mein crate") })
            {
                Directory.CreateDirectory(Path.Combine(folder, sub));
            }
            return folder;
        });

        [ClassCleanup]
        public static void DeleteFiles()
        {
            if (Root.IsValueCreated)
            {
                Root.Value.Dispose();
            }
        }

        private static string Show(string text)
        {
            string shown = text.Length > 3000 ? text.Substring(0, 3000) + $"… ({text.Length} characters)" : text;
            return Environment.NewLine + "----- input -----" + Environment.NewLine + JsonString(shown) + Environment.NewLine + "-----------------";
        }

        private static void CheckDiagnostics(DiagnosticBag diagnostics, string input, Func<Diagnostic, bool>? extra = null)
        {
            foreach (var d in diagnostics.Items)
            {
                if (!Hardened.DocumentedCodes.Contains(d.Code) || d.Line < 0 || d.Column < 0 || string.IsNullOrWhiteSpace(d.Message) || d.Message.Length > 2000
                    || (extra != null && !extra(d)))
                {
                    throw new Exception($"bad diagnostic: {(d.ToString().Length > 500 ? d.ToString().Substring(0, 500) : d.ToString())}{Show(input)}");
                }
            }
        }

        /// <summary>
        /// CsCheck's Sample, watched: an input that runs past the per-input limit (a hang, which the code under test cannot be
        /// interrupted in) fails the test at once with that input, instead of at the test's timeout with nothing to go on.
        /// </summary>
        private void SampleWithWatchdog<T>(Gen<T> gen, Action<T> check, long iterations, Func<T, string> print)
        {
            var inFlight = new System.Collections.Concurrent.ConcurrentDictionary<int, (long Start, T Input)>();
            var run = System.Threading.Tasks.Task.Run(() => gen.Sample(input =>
            {
                int thread = Environment.CurrentManagedThreadId;
                inFlight[thread] = (Stopwatch.GetTimestamp(), input);
                try
                {
                    check(input);
                }
                finally
                {
                    inFlight.TryRemove(thread, out _);
                }
            }, iter: iterations, threads: Threads, print: print, writeLine: TestContext.WriteLine));
            while (!run.Wait(TimeSpan.FromMilliseconds(250)))
            {
                foreach (var (start, input) in inFlight.Values)
                {
                    var elapsed = Stopwatch.GetElapsedTime(start);
                    if (elapsed > PerInputLimit + PerInputLimit)
                    {
                        Assert.Fail($"an input has been running for {elapsed.TotalSeconds:F1} s (a hang?):{print(input)}");
                    }
                }
            }
            run.GetAwaiter().GetResult();
        }

        private static readonly Regex Alphanumeric = new Regex("^[A-Za-z0-9]+$", RegexOptions.CultureInvariant);

        private static void TemplateProperty(TemplateInput input)
        {
            string path = Path.Combine(ThreadFolder.Value!, "template.yaml");
            File.WriteAllBytes(path, input.Bytes);
            var diagnostics = new DiagnosticBag();
            SamTemplate? template;
            var watch = Stopwatch.StartNew();
            try
            {
                template = new SamTemplateReader(diagnostics).Read(path, input.Overrides, input.Selected);
            }
            catch (Exception e)
            {
                throw new Exception($"Read threw {e.GetType().Name}: {e.Message}{Show(input.Text)}", e);
            }
            watch.Stop();
            if (watch.Elapsed > PerInputLimit)
            {
                throw new Exception($"Read took {watch.Elapsed.TotalMilliseconds:F0} ms{Show(input.Text)}");
            }
            if (template == null && !diagnostics.HasErrors)
            {
                throw new Exception($"Read returned no template and no error: {string.Join(" | ", diagnostics.Items)}{Show(input.Text)}");
            }
            if (template != null && diagnostics.HasErrors)
            {
                throw new Exception($"Read returned a template despite errors: {string.Join(" | ", diagnostics.Items)}{Show(input.Text)}");
            }
            CheckDiagnostics(diagnostics, input.Text, d => d.File == path);
            foreach (var function in template?.Functions ?? new LambdaFunctionDefinition[0])
            {
                bool ok = Alphanumeric.IsMatch(function.LogicalId)
                    && (function.Runtime == "provided.al2023" || function.Runtime == "provided.al2")
                    && (function.Architecture == "x86_64" || function.Architecture == "arm64")
                    && !string.IsNullOrWhiteSpace(function.Handler)
                    && Directory.Exists(function.CodeDirectory)
                    && (function.TimeoutSeconds ?? 1) > 0 && (function.MemorySizeMb ?? 1) > 0
                    && (input.Selected.Length == 0 || input.Selected.Contains(function.LogicalId));
                if (!ok)
                {
                    throw new Exception($"Read accepted an unusable function {function.LogicalId}: runtime '{function.Runtime}', architecture '{function.Architecture}', " +
                                        $"handler '{function.Handler}', code '{function.CodeDirectory}'{Show(input.Text)}");
                }
            }
            if (!File.ReadAllBytes(path).AsSpan().SequenceEqual(input.Bytes))
            {
                throw new Exception("Read modified the template" + Show(input.Text));
            }
        }

        [TestMethod]
        [Timeout(240_000)]
        public void Template_reader_survives_generated_and_mutated_templates()
        {
            // RL_PROPERTY_ITERATIONS runs more for a deeper local search; CI runs the default.
            int iterations = int.TryParse(Environment.GetEnvironmentVariable("RL_PROPERTY_ITERATIONS"), out int configured) ? configured : 12_000;
            int count = 0;
            var watch = Stopwatch.StartNew();
            long readTicks = 0;
            SampleWithWatchdog(TemplateInputs, input =>
            {
                Interlocked.Increment(ref count);
                long start = Stopwatch.GetTimestamp();
                TemplateProperty(input);
                Interlocked.Add(ref readTicks, Stopwatch.GetTimestamp() - start);
            }, iterations, input => Show(input.Text));
            watch.Stop();
            TestContext.WriteLine($"{count} templates in {watch.Elapsed.TotalSeconds:F1} s ({TimeSpan.FromTicks(readTicks * TimeSpan.TicksPerSecond / Stopwatch.Frequency).TotalSeconds:F1} s of it writing and reading them, over {Threads} threads)");
            Assert.IsTrue(count >= Math.Min(iterations, 10_000), $"only {count} templates were tried");
        }

        [TestMethod]
        public void Template_reader_property_inputs_are_valid_often_enough_to_reach_the_functions()
        {
            // The property is only worth as much as its inputs: many must parse, and some must yield functions.
            int parsed = 0;
            int withFunctions = 0;
            int total = 0;
            TemplateInputs.Sample(input =>
            {
                string path = Path.Combine(ThreadFolder.Value!, "template.yaml");
                File.WriteAllBytes(path, input.Bytes);
                var diagnostics = new DiagnosticBag();
                var template = new SamTemplateReader(diagnostics).Read(path, input.Overrides, input.Selected);
                Interlocked.Increment(ref total);
                if (!diagnostics.Items.Any(d => d.Code == DiagnosticCodes.TemplateUnreadable))
                {
                    Interlocked.Increment(ref parsed);
                }
                if (template?.Functions.Count > 0)
                {
                    Interlocked.Increment(ref withFunctions);
                }

            }, iter: 2_000, threads: Threads);
            TestContext.WriteLine($"{parsed} of {total} parsed, {withFunctions} gave functions");
            Assert.IsTrue(parsed > total / 3, $"{parsed} of {total} parsed");
            Assert.IsTrue(withFunctions > total / 20, $"{withFunctions} of {total} gave functions");
        }

        // ---------------------------------------------------------------- samconfig.toml and SamParameterOverrides

        private static readonly string[] TomlPayloads =
        {
            "[", "]", "=", "\"", "'''", "\"\"\"", "#", "\n", ".", "[[", "]]", "\0", "\ufeff", "{", "}", ",", "\\u", "\\", "\t", "true", "1979-05-27",
            "0x", "1_000", "inf", "nan", "-", "+", "Ω", "\ud800", "\r", " = ", "a.b = 1\n", "[default]\n", "build = 1\n",
        };

        private static readonly Gen<string> TomlValue = Gen.OneOfConst("true", "false", "\"true\"", "1", "1.5", "[1, 2]", "{ a = 1 }", "1979-05-27",
            "\"\"\"multi\nline\"\"\"", "'literal'", "[true]", "\"\"", "99999999999999999999", "inf");

        private static readonly Gen<string> SamConfigText = Gen.Select(
            Gen.Bool,
            Gen.Select(Gen.OneOfConst("default", "prod", "\"prüfung ω\"", "default.build"), Gen.OneOfConst("build", "global", "deploy", "parameters"),
                Gen.Select(Gen.OneOfConst("beta_features", "beta_features", "cached", "parameter_overrides", "x"), TomlValue).Array[0, 3]).Array[0, 4],
            Gen.Frequency<string>((3, Gen.Const("")), (1, Gen.OneOfConst("default = 5\n", "[default]\nbuild = \"x\"\n", "[default.build]\nparameters = 1\n"))),
            (version, sections, extra) =>
            {
                var sb = new StringBuilder(version ? "version = 0.1\n" : "");
                foreach (var (env, command, entries) in sections)
                {
                    sb.Append('[').Append(env).Append('.').Append(command).Append(".parameters]\n");
                    foreach (var (key, value) in entries)
                    {
                        sb.Append(key).Append(" = ").Append(value).Append('\n');
                    }
                }
                return sb.Append(extra).ToString();
            });

        private static readonly Gen<(string Text, byte[] Bytes, string? Property, bool Explicit, string Env, bool EnvVar)> SamConfigInputs = Gen.Select(
            SamConfigText, Mutations(TomlPayloads), ByteMutation,
            Gen.FrequencyConst<string?>((6, null), (1, ""), (1, "true"), (1, "false"), (1, "yes")),
            Gen.Bool, Gen.OneOfConst("default", "prod", "prüfung ω"), Gen.Bool,
            (text, mutations, byteMutation, property, isExplicit, env, envVar) =>
            {
                string mutated = Mutate(text, mutations);
                return (mutated, ToBytes(mutated, byteMutation), property, isExplicit, env, envVar);
            });

        [TestMethod]
        [Timeout(120_000)]
        public void BetaOptIn_survives_generated_and_mutated_samconfig_files()
        {
            int count = 0;
            var watch = Stopwatch.StartNew();
            SampleWithWatchdog(SamConfigInputs, input =>
            {
                Interlocked.Increment(ref count);
                string path = Path.Combine(ThreadFolder.Value!, "samconfig.toml");
                File.WriteAllBytes(path, input.Bytes);
                var diagnostics = new DiagnosticBag();
                BetaOptInResult result;
                var timer = Stopwatch.StartNew();
                try
                {
                    result = BetaOptIn.Evaluate(input.Property, name => input.EnvVar && name == BetaOptIn.FeatureVariable ? "1" : null, path, input.Explicit, input.Env, diagnostics);
                }
                catch (Exception e)
                {
                    throw new Exception($"Evaluate threw {e.GetType().Name}: {e.Message}{Show(input.Text)}", e);
                }
                timer.Stop();
                if (timer.Elapsed > PerInputLimit)
                {
                    throw new Exception($"Evaluate took {timer.Elapsed.TotalMilliseconds:F0} ms{Show(input.Text)}");
                }
                if (result == null || string.IsNullOrWhiteSpace(result.Reason) || (diagnostics.HasErrors && result.IsEnabled))
                {
                    throw new Exception($"Evaluate gave {(result == null ? "null" : result.IsEnabled + " " + result.Reason)} with {string.Join(" | ", diagnostics.Items)}{Show(input.Text)}");
                }
                CheckDiagnostics(diagnostics, input.Text, d =>
                    (d.Code == DiagnosticCodes.SamConfigUnreadable && d.File == path) || d.Code == DiagnosticCodes.InvalidBetaFeaturesValue);
            }, 4_000, input => Show(input.Text));
            TestContext.WriteLine($"{count} samconfig files in {watch.Elapsed.TotalSeconds:F1} s");
        }

        private static readonly Gen<string> OverridesText = Gen.Select(
            Gen.OneOfConst("Stage", "=", "dev", " ", "  ", "\t", "\n", "\"", "'", "ParameterKey=", ",ParameterValue=", "Ω", "a b", ",", "\0", "==",
                "Greeting=\"hello world\"", "x").Array[0, 12],
            Mutations(new[] { "\"", "'", "=", " ", ",", "ParameterKey=", "\ud800" }),
            (tokens, mutations) => Mutate(string.Concat(tokens), mutations));

        [TestMethod]
        public void ParameterOverrides_survive_generated_and_mutated_strings()
        {
            OverridesText.Sample(text =>
            {
                var diagnostics = new DiagnosticBag();
                Dictionary<string, string> result;
                var timer = Stopwatch.StartNew();
                try
                {
                    result = ParameterOverrides.Parse(text, diagnostics);
                }
                catch (Exception e)
                {
                    throw new Exception($"Parse threw {e.GetType().Name}: {e.Message}{Show(text)}", e);
                }
                if (timer.Elapsed > PerInputLimit)
                {
                    throw new Exception($"Parse took {timer.Elapsed.TotalMilliseconds:F0} ms{Show(text)}");
                }
                if (result == null || result.Keys.Any(k => k.Length == 0))
                {
                    throw new Exception($"Parse gave an empty parameter name{Show(text)}");
                }
                CheckDiagnostics(diagnostics, text, d => d.Code == DiagnosticCodes.InvalidParameterOverrides);
            }, iter: 20_000, threads: Threads, print: Show, writeLine: TestContext.WriteLine);
        }
    }
}
