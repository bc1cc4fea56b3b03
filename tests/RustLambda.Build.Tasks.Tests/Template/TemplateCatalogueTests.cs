using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.Template;

namespace RustLambda.Build.Tests.Template
{
    /// <summary>
    /// A catalogue of bad and odd templates. Each is its own test: the reader must answer with exactly one diagnostic, of the
    /// right code, saying the right thing at the right line, never throw or hang, and never touch the file it read.
    /// </summary>
    [TestClass]
    public class TemplateCatalogueTests
    {
        /// <summary>A rust-cargolambda function; the comments give each line's number, which the cases below rely on.</summary>
        private const string Base =
            "Resources:\n" +                            // 1
            "  Fn:\n" +                                 // 2
            "    Type: AWS::Serverless::Function\n" +   // 3
            "    Properties:\n" +                       // 4
            "      CodeUri: .\n" +                      // 5
            "      Handler: bootstrap\n" +              // 6
            "      Runtime: provided.al2023\n" +        // 7
            "    Metadata:\n" +                         // 8
            "      BuildMethod: rust-cargolambda\n";    // 9

        /// <summary>Sets a property of Fn: on its own line if Base has it, else on a new line 8 (Metadata moves to 9).</summary>
        private static string Set(string key, string value)
        {
            string line = "      " + key + ":";
            int at = Base.IndexOf(line, StringComparison.Ordinal);
            if (at < 0)
            {
                return Base.Replace("      Runtime: provided.al2023\n", "      Runtime: provided.al2023\n" + line + " " + value + "\n");
            }
            int end = Base.IndexOf('\n', at);
            return Base.Substring(0, at) + line + (value.Length == 0 ? "" : " " + value) + Base.Substring(end);
        }

        /// <summary>Adds lines under Fn's Metadata (from line 10).</summary>
        private static string Meta(string lines) => Base + lines;

        private const string LambdaFunction =
            "Resources:\n" +                                    // 1
            "  Fn:\n" +                                         // 2
            "    Type: AWS::Lambda::Function\n" +               // 3
            "    Properties:\n" +                               // 4
            "      Code: CODE\n" +                              // 5
            "      Handler: bootstrap\n" +                      // 6
            "      Runtime: provided.al2023\n" +                // 7
            "    Metadata: { BuildMethod: rust-cargolambda }\n"; // 8

        private sealed class Case
        {
            public Case(string text, string code, string fragment, int? line)
            {
                Text = text;
                Code = code;
                Fragment = fragment;
                Line = line;
            }

            public string Text { get; }
            public byte[]? Bytes { get; init; }
            public string Code { get; }
            public string Fragment { get; }
            public int? Line { get; }
            public DiagnosticSeverity Severity { get; init; } = DiagnosticSeverity.Error;
            public string[] Selected { get; init; } = new string[0];
            public string FileName { get; init; } = "template.yaml";
        }

        private static Case E(string text, string code, string fragment, int? line = null) => new Case(text, code, fragment, line);

        private static string AliasBomb()
        {
            var yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
            for (int i = 1; i < 12; i++)
            {
                yaml.Append($"a{i}: &a{i} [").Append(string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))).Append("]\n");
            }
            return yaml.Append(Base).ToString();
        }

        private static string DeepBlock()
        {
            var yaml = new StringBuilder("Resources:\n");
            for (int i = 1; i <= 300; i++)
            {
                yaml.Append(' ', i).Append("a:\n");
            }
            return yaml.ToString();
        }

        private static readonly Dictionary<string, Case> Cases = new Dictionary<string, Case>(StringComparer.Ordinal)
        {
            // Not a template at all
            ["empty file"] = E("", DiagnosticCodes.TemplateStructure, "The template is empty", 1),
            ["only blank lines"] = E("\n   \n\n", DiagnosticCodes.TemplateStructure, "The template is empty", 1),
            ["only a comment"] = E("# nothing here\n", DiagnosticCodes.TemplateStructure, "The template is empty", 1),
            ["prose, not YAML"] = E("This is not a template, only words.\n", DiagnosticCodes.TemplateStructure, "its top level is a string", 1),
            ["top level is a list"] = E("- Resources\n- Fn\n", DiagnosticCodes.TemplateStructure, "its top level is a list", 1),
            ["unclosed flow list"] = E("Resources: { Fn: [\n", DiagnosticCodes.TemplateUnreadable, "not valid YAML or JSON", 2),
            ["bad indentation"] = E(Base.Replace("      Handler", "     Handler"), DiagnosticCodes.TemplateUnreadable, "not valid YAML or JSON", 6),
            ["tab indentation"] = E(Base.Replace("      Handler", "\tHandler"), DiagnosticCodes.TemplateUnreadable, "tab", 6),
            ["JSON missing its closing brace"] = new Case("{\"Resources\": {\"Fn\": {\"Type\": \"AWS::SNS::Topic\"}}", DiagnosticCodes.TemplateUnreadable, "did not find expected ',' or '}'", 1) { FileName = "template.json" },
            ["NUL byte"] = E(Base.Replace("bootstrap", "boot\0strap"), DiagnosticCodes.TemplateUnreadable, "control character U+0000", 6),
            ["escape character"] = E(Base.Replace("provided.al2023", "provided\u001b.al2023"), DiagnosticCodes.TemplateUnreadable, "control character U+001B", 7),
            ["gzip bytes"] = new Case("", DiagnosticCodes.TemplateUnreadable, "not valid UTF-8", 1) { Bytes = new byte[] { 0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3, 0x4b, 0x4c } },
            ["Windows-1252 bytes"] = new Case("", DiagnosticCodes.TemplateUnreadable, "not valid UTF-8 (byte 0xFC at line 5)", 5)
                { Bytes = Encoding.Latin1.GetBytes(Set("CodeUri", "Bücher")) },
            ["alias bomb"] = E(AliasBomb(), DiagnosticCodes.TemplateUnreadable, "alias bomb"),
            ["deep flow nesting"] = E("Resources: " + new string('[', 100_000) + new string(']', 100_000) + "\n", DiagnosticCodes.TemplateUnreadable, "nests deeper than 200 levels", 1),
            ["deep block nesting"] = E(DeepBlock(), DiagnosticCodes.TemplateUnreadable, "nests deeper than 200 levels", 201),
            ["duplicate resource"] = E(Base + "  Fn:\n    Type: AWS::SNS::Topic\n", DiagnosticCodes.TemplateUnreadable, "the key 'Fn' appears twice", 10),
            ["duplicate property"] = E(Base.Replace("      Runtime: provided.al2023\n", "      Runtime: provided.al2023\n      Runtime: provided.al2\n"), DiagnosticCodes.TemplateUnreadable, "the key 'Runtime' appears twice", 8),
            ["two documents"] = E(Base + "---\n" + Base, DiagnosticCodes.TemplateUnreadable, "more than one YAML document", 10),
            ["alias to no anchor"] = E(Set("Runtime", "*runtime"), DiagnosticCodes.TemplateUnreadable, "the alias *runtime refers to no anchor", 7),
            ["list as a key"] = E("? [a, b]\n: c\n", DiagnosticCodes.TemplateUnreadable, "a mapping key must be a plain string", 1),
            ["a plain scalar then an open quote (YamlDotNet throws InvalidOperationException)"] = E(": [a\n'", DiagnosticCodes.TemplateUnreadable, "look for an unclosed quote or bracket", 1),
            ["undefined tag handle"] = E(Set("Runtime", "!e!tag provided.al2023"), DiagnosticCodes.TemplateUnreadable, "undefined tag handle", 7),
            ["unsupported YAML version"] = E("%YAML 9.9\n---\n" + Base, DiagnosticCodes.TemplateUnreadable, "incompatible YAML document", 1),

            // Resources and resources
            ["no Resources"] = E("AWSTemplateFormatVersion: '2010-09-09'\n", DiagnosticCodes.TemplateStructure, "no Resources section", 1),
            ["Resources is a list"] = E("Resources:\n  - Fn\n", DiagnosticCodes.TemplateStructure, "Resources must be a mapping of logical ids to resources, but is a list", 2),
            ["Resources is empty"] = E("Resources:\n", DiagnosticCodes.TemplateStructure, "Resources must be a mapping of logical ids to resources, but is empty", 1),
            ["a resource is a string"] = E("Resources:\n  Fn: AWS::Serverless::Function\n", DiagnosticCodes.WrongType, "Resource Fn must be a mapping with a Type", 2),
            ["a resource is a list"] = E("Resources:\n  Fn:\n    - Type\n", DiagnosticCodes.WrongType, "Resource Fn must be a mapping with a Type (and its Properties), but is a list", 3),
            ["a resource is empty"] = E(Base + "  Other:\n", DiagnosticCodes.WrongType, "Resource Other must be a mapping with a Type (and its Properties), but is empty", 10),
            ["Type is a list"] = E(Base.Replace("Type: AWS::Serverless::Function", "Type: [AWS::Serverless::Function]"), DiagnosticCodes.WrongType, "Type of Fn must be a string", 3),
            ["Type is a mapping"] = E(Base.Replace("Type: AWS::Serverless::Function", "Type: { Name: AWS::Serverless::Function }"), DiagnosticCodes.WrongType, "Type of Fn must be a string such as AWS::Serverless::Function, but is a mapping", 3),
            ["Properties is a list"] = E(Base.Replace("    Properties:\n", "    Properties: [a]\n    Ignored:\n"), DiagnosticCodes.WrongType, "Properties of Fn must be a mapping, but is a list", 4),
            ["Properties is a string"] = E(Base.Replace("    Properties:\n", "    Properties: none\n    Ignored:\n"), DiagnosticCodes.WrongType, "Properties of Fn must be a mapping, but is a string", 4),

            // Logical ids
            ["logical id with a dash"] = E(Base.Replace("  Fn:", "  My-Fn:"), DiagnosticCodes.InvalidLogicalId, "'My-Fn' is not alphanumeric", 2),
            ["logical id with non-ASCII letters"] = E(Base.Replace("  Fn:", "  Bücher:"), DiagnosticCodes.InvalidLogicalId, "'Bücher' is not alphanumeric", 2),
            ["empty logical id"] = E(Base.Replace("  Fn:", "  \"\":"), DiagnosticCodes.InvalidLogicalId, "The logical id '' is not alphanumeric", 2),
            ["a 1 MB logical id"] = E(Base.Replace("  Fn:", "  ? " + new string('F', 1_000_000) + "-\n  :"), DiagnosticCodes.InvalidLogicalId, "(1000001 characters)", 2),

            // Runtime
            ["Runtime is a list"] = E(Set("Runtime", "[provided.al2023]"), DiagnosticCodes.WrongType, "Runtime of Fn must be a string, but is a list", 7),
            ["Runtime is a mapping"] = E(Set("Runtime", "{ Name: provided.al2023 }"), DiagnosticCodes.WrongType, "Runtime of Fn must be a string, but is a mapping", 7),
            ["Runtime is empty"] = E(Set("Runtime", ""), DiagnosticCodes.UnsupportedRuntime, "Fn has an empty Runtime", 7),
            ["Runtime is a number"] = E(Set("Runtime", "3.12"), DiagnosticCodes.UnsupportedRuntime, "Runtime '3.12' of Fn cannot run", 7),
            ["Runtime is Amazon Linux 1"] = E(Set("Runtime", "provided"), DiagnosticCodes.UnsupportedRuntime, "Lambda retired", 7),
            ["Runtime is a 10 MB string"] = E(Set("Runtime", new string('x', 10_000_000)), DiagnosticCodes.UnsupportedRuntime, "(10000000 characters)", 7),
            ["Runtime from an unknown tag"] = E(Set("Runtime", "!Unknown provided.al2023"), DiagnosticCodes.Unresolvable, "uses !Unknown", 7),
            ["Runtime from a pseudo parameter"] = E(Set("Runtime", "!Ref AWS::Region"), DiagnosticCodes.Unresolvable, "pseudo parameter AWS::Region", 7),

            // Architectures
            ["Architectures is a string"] = E(Set("Architectures", "arm64"), DiagnosticCodes.InvalidArchitectures, "Architectures of Fn must be a list, but is a string", 8),
            ["Architectures is a mapping"] = E(Set("Architectures", "{ arm64: true }"), DiagnosticCodes.InvalidArchitectures, "must be a list, but is a mapping", 8),
            ["Architectures is empty"] = E(Set("Architectures", ""), DiagnosticCodes.InvalidArchitectures, "must be a list, but is empty", 8),
            ["two Architectures"] = E(Set("Architectures", "[x86_64, arm64]"), DiagnosticCodes.InvalidArchitectures, "must list exactly one architecture, but lists 2 (x86_64, arm64)", 8),
            ["Architectures holds a mapping"] = E(Set("Architectures", "[{ Name: arm64 }]"), DiagnosticCodes.InvalidArchitectures, "Architectures of Fn has an item that must be a string, but is a mapping", 8),
            ["Architectures holds a !GetAtt"] = E(Set("Architectures", "[!GetAtt Other.Arch]"), DiagnosticCodes.Unresolvable, "has an item that uses !GetAtt", 8),
            ["Architectures names no architecture"] = E(Set("Architectures", "[riscv64]"), DiagnosticCodes.InvalidArchitectures, "Architecture 'riscv64' of Fn is not one Lambda has", 8),

            // Handler
            ["Handler is a list"] = E(Set("Handler", "[bootstrap]"), DiagnosticCodes.WrongType, "Handler of Fn must be a string, but is a list", 6),
            ["Handler is empty"] = E(Set("Handler", ""), DiagnosticCodes.MissingHandler, "Fn has an empty Handler", 6),
            ["Handler is blank"] = E(Set("Handler", "\"   \""), DiagnosticCodes.MissingHandler, "Fn has an empty Handler", 6),
            ["Handler is missing"] = E(Base.Replace("      Handler: bootstrap\n", ""), DiagnosticCodes.MissingHandler, "Fn has no Handler", 2),
            ["Handler from a !GetAtt"] = E(Set("Handler", "!GetAtt Other.Name"), DiagnosticCodes.Unresolvable, "Handler of Fn uses !GetAtt", 6),
            ["Handler from a broken !Join"] = E(Set("Handler", "!Join [only-one]"), DiagnosticCodes.Unresolvable, "!Join that is not [separator, [values]]", 6),

            // CodeUri and Code
            ["CodeUri is a list"] = E(Set("CodeUri", "[.]"), DiagnosticCodes.WrongType, "CodeUri of Fn must be a string, but is a list", 5),
            ["CodeUri is an S3 location"] = E(Set("CodeUri", "{ Bucket: b, Key: k }"), DiagnosticCodes.InvalidCodeUri, "is an S3 location", 5),
            ["CodeUri is an s3:// string"] = E(Set("CodeUri", "s3://bucket/key.zip"), DiagnosticCodes.InvalidCodeUri, "is an S3 location (s3://bucket/key.zip)", 5),
            ["CodeUri to nowhere"] = E(Set("CodeUri", "no/such/folder"), DiagnosticCodes.InvalidCodeUri, "which does not exist", 5),
            ["CodeUri is a file"] = E(Set("CodeUri", "template.yaml"), DiagnosticCodes.InvalidCodeUri, "is a file", 5),
            ["CodeUri holds a NUL escape"] = E(Set("CodeUri", "\"rust\\0crate\""), DiagnosticCodes.InvalidCodeUri, "CodeUri", 5),
            ["CodeUri from a !Sub of an unknown name"] = E(Set("CodeUri", "!Sub 'fns/${Nope}'"), DiagnosticCodes.Unresolvable, "${Nope}", 5),
            ["CodeUri from a parameter with no value"] = E("Parameters:\n  Dir: { Type: String }\n" + Set("CodeUri", "!Ref Dir"), DiagnosticCodes.Unresolvable, "refers to parameter 'Dir', which has no Default", 7),
            ["Code is an S3 location"] = E(LambdaFunction.Replace("CODE", "{ S3Bucket: b, S3Key: k }"), DiagnosticCodes.InvalidCodeUri, "Code of Fn is an S3 location", 5),
            ["Code is inline"] = E(LambdaFunction.Replace("CODE", "{ ZipFile: 'print(1)' }"), DiagnosticCodes.InvalidCodeUri, "(or inline code)", 5),
            ["Code is a list"] = E(LambdaFunction.Replace("CODE", "[.]"), DiagnosticCodes.WrongType, "Code of Fn must be a string, but is a list", 5),

            // Metadata
            ["Metadata is a list"] = E(Base.Replace("    Metadata:\n      BuildMethod: rust-cargolambda\n", "    Metadata: [rust-cargolambda]\n"), DiagnosticCodes.WrongType, "Metadata of Fn must be a mapping", 8),
            ["Metadata is a string"] = E(Base.Replace("    Metadata:\n      BuildMethod: rust-cargolambda\n", "    Metadata: rust-cargolambda\n"), DiagnosticCodes.WrongType, "Metadata of Fn must be a mapping such as `Metadata: { BuildMethod: rust-cargolambda }`, but is a string", 8),
            ["BuildMethod is a list"] = E(Base.Replace("BuildMethod: rust-cargolambda", "BuildMethod: [rust-cargolambda]"), DiagnosticCodes.WrongType, "Metadata.BuildMethod of Fn must be a string", 9),
            ["BuildProperties is a list"] = E(Meta("      BuildProperties: [handler]\n"), DiagnosticCodes.WrongType, "Metadata.BuildProperties of Fn must be a mapping", 10),
            ["BuildProperties is a string"] = new Case(Meta("      BuildProperties: handler\n"), DiagnosticCodes.ScalarBuildProperties, "BuildProperties: { Binary: handler }", 10) { Severity = DiagnosticSeverity.Warning },
            ["Binary is a list"] = E(Meta("      BuildProperties: { Binary: [a, b] }\n"), DiagnosticCodes.WrongType, "Metadata.BuildProperties.Binary of Fn must be a string, but is a list", 10),
            ["Binary is a mapping"] = E(Meta("      BuildProperties:\n        Binary: { Name: a }\n"), DiagnosticCodes.WrongType, "Metadata.BuildProperties.Binary of Fn must be a string, but is a mapping", 11),
            ["Binary from a !GetAtt"] = E(Meta("      BuildProperties: { Binary: !GetAtt Other.Name }\n"), DiagnosticCodes.Unresolvable, "Metadata.BuildProperties.Binary of Fn uses !GetAtt", 10),

            // Timeout and MemorySize
            ["Timeout is a list"] = E(Set("Timeout", "[3]"), DiagnosticCodes.WrongType, "Timeout of Fn must be a positive whole number, but is a list", 8),
            ["Timeout is a word"] = E(Set("Timeout", "soon"), DiagnosticCodes.WrongType, "Timeout of Fn must be a positive whole number, but is 'soon'", 8),
            ["Timeout is zero"] = E(Set("Timeout", "0"), DiagnosticCodes.WrongType, "but is '0'", 8),
            ["Timeout is a fraction"] = E(Set("Timeout", "1.5"), DiagnosticCodes.WrongType, "but is '1.5'", 8),
            ["Timeout overflows"] = E(Set("Timeout", "99999999999999999999"), DiagnosticCodes.WrongType, "but is '99999999999999999999'", 8),
            ["Timeout is empty"] = E(Set("Timeout", ""), DiagnosticCodes.WrongType, "Timeout of Fn must be a positive whole number, but is empty", 8),
            ["MemorySize is a mapping"] = E(Set("MemorySize", "{ MB: 128 }"), DiagnosticCodes.WrongType, "MemorySize of Fn must be a positive whole number, but is a mapping", 8),
            ["MemorySize is negative"] = E(Set("MemorySize", "-128"), DiagnosticCodes.WrongType, "MemorySize of Fn must be a positive whole number, but is '-128'", 8),

            // Environment
            ["Environment is a list"] = E(Set("Environment", "[A=1]"), DiagnosticCodes.WrongType, "Environment of Fn must be a mapping `{ Variables: { NAME: value } }`, but is a list", 8),
            ["Environment is a string"] = E(Set("Environment", "A=1"), DiagnosticCodes.WrongType, "Environment of Fn must be a mapping", 8),
            ["Environment.Variables is a list"] = E(Set("Environment", "\n        Variables: [A=1]"), DiagnosticCodes.WrongType, "Environment.Variables of Fn must be a mapping `{ NAME: value }`, but is a list", 9),
            ["Environment.Variables is a string"] = E(Set("Environment", "{ Variables: A=1 }"), DiagnosticCodes.WrongType, "Environment.Variables of Fn must be a mapping", 8),
            ["an environment variable is a list"] = E(Set("Environment", "\n        Variables:\n          A: [1, 2]"), DiagnosticCodes.WrongType, "Environment variable A of Fn must be a string, but is a list", 10),

            // Globals and Parameters
            ["Globals is a list"] = E("Globals: [Function]\n" + Base, DiagnosticCodes.WrongType, "Globals must be a mapping", 1),
            ["Globals.Function is a list"] = E("Globals:\n  Function: [Runtime]\n" + Base, DiagnosticCodes.WrongType, "Globals.Function must be a mapping", 2),
            ["Globals.Function is a string"] = E("Globals:\n  Function: provided.al2023\n" + Base, DiagnosticCodes.WrongType, "Globals.Function must be a mapping such as `Function: { Runtime: provided.al2023, Handler: bootstrap }`, but is a string", 2),
            ["Globals.Function.Runtime is a list"] = E("Globals:\n  Function:\n    Runtime: [provided.al2023]\n" + Base.Replace("      Runtime: provided.al2023\n", ""), DiagnosticCodes.WrongType, "Runtime of Fn must be a string, but is a list", 3),
            ["Parameters is a list"] = E("Parameters: [Stage]\n" + Base, DiagnosticCodes.WrongType, "Parameters must be a mapping", 1),
            ["a parameter is a string"] = E("Parameters:\n  Stage: dev\n" + Base, DiagnosticCodes.WrongType, "Parameter Stage must be a mapping such as `{ Type: String, Default: value }`, but is a string", 2),

            // SamFunctions
            ["SamFunctions names a missing function"] = new Case(Base, DiagnosticCodes.UnknownFunction, "the template has no resource 'Nope'. Functions that can be built: Fn", 0) { Selected = new[] { "Nope" } },
        };

        public static IEnumerable<object[]> CaseNames => Cases.Keys.Select(k => new object[] { k });

        public static string CaseName(MethodInfo method, object[] data) => "Template: " + data[0];

        [TestMethod]
        [DynamicData(nameof(CaseNames), DynamicDataDisplayName = nameof(CaseName))]
        public void Answers_with_one_clear_diagnostic(string name)
        {
            var c = Cases[name];
            using var dir = new TempDirectory("catalogue");
            string path = dir.Combine(c.FileName);
            if (c.Bytes != null)
            {
                File.WriteAllBytes(path, c.Bytes);
            }
            else
            {
                File.WriteAllText(path, c.Text, new UTF8Encoding(false));
            }
            var before = Hardened.Snapshot(dir.Path);

            var diagnostics = new DiagnosticBag();
            var template = Hardened.Run(() => new SamTemplateReader(diagnostics).Read(path, new Dictionary<string, string>(), c.Selected), name);

            Hardened.AssertUnchanged(before, dir.Path);
            Hardened.Single(diagnostics, c.Code, c.Fragment, path, c.Line, c.Severity);
            if (c.Severity == DiagnosticSeverity.Error)
            {
                Assert.IsNull(template, "an error means no template");
            }
            else
            {
                Assert.IsNotNull(template, "a warning alone still gives the template");
            }
        }

        [TestMethod]
        public void The_catalogue_is_large_enough()
        {
            Assert.IsTrue(Cases.Count >= 40, $"{Cases.Count} cases");
        }
    }
}
