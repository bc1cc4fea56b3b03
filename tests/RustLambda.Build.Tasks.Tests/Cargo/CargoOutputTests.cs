using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Build.Cargo;

namespace RustLambda.Build.Tests.Cargo
{
    [TestClass]
    public class CargoOutputTests
    {
        private static readonly string Work = Path.GetFullPath(Path.Combine(Path.GetTempPath(), "ws"));

        [TestMethod]
        public void Compiler_artifacts_give_the_executable()
        {
            const string line = "{\"reason\":\"compiler-artifact\",\"package_id\":\"x\",\"target\":{\"kind\":[\"bin\"],\"crate_types\":[\"bin\"],\"name\":\"function_a\",\"src_path\":\"/w/src/main.rs\"},\"profile\":{},\"features\":[],\"filenames\":[\"/w/target/release/function_a\"],\"executable\":\"/w/target/release/function_a\",\"fresh\":true}";
            Assert.AreEqual("compiler-artifact", CargoOutput.Parse(line, Work, out var artifact, out var diagnostic, out _));
            Assert.IsNull(diagnostic);
            Assert.AreEqual("function_a", artifact!.TargetName);
            Assert.AreEqual("/w/target/release/function_a", artifact.Executable);
            CollectionAssert.Contains(artifact.Kinds.ToArray(), "bin");
        }

        [TestMethod]
        public void Compiler_messages_give_an_error_at_the_primary_span_with_children()
        {
            const string line = "{\"reason\":\"compiler-message\",\"package_id\":\"x\",\"manifest_path\":\"/w/Cargo.toml\",\"target\":{\"name\":\"a\"},\"message\":{\"rendered\":\"error[E0308]: mismatched types\\n --> a/src/main.rs:4:5\\n\",\"$message_type\":\"diagnostic\",\"children\":[{\"children\":[],\"code\":null,\"level\":\"help\",\"message\":\"try using a conversion method\",\"rendered\":null,\"spans\":[]}],\"code\":{\"code\":\"E0308\",\"explanation\":\"...\"},\"level\":\"error\",\"message\":\"mismatched types\",\"spans\":[{\"byte_end\":1,\"byte_start\":0,\"column_end\":9,\"column_start\":5,\"file_name\":\"other.rs\",\"is_primary\":false,\"line_end\":1,\"line_start\":1,\"label\":null,\"text\":[]},{\"byte_end\":1,\"byte_start\":0,\"column_end\":12,\"column_start\":5,\"file_name\":\"a/src/main.rs\",\"is_primary\":true,\"line_end\":4,\"line_start\":4,\"label\":\"expected `i32`\",\"text\":[]}]}}";
            Assert.AreEqual("compiler-message", CargoOutput.Parse(line, Work, out _, out var diagnostic, out _));
            Assert.IsTrue(diagnostic!.IsError);
            Assert.AreEqual("E0308", diagnostic.Code);
            Assert.AreEqual(Path.Combine(Work, "a", "src", "main.rs"), diagnostic.File);
            Assert.AreEqual((4, 5, 4, 12), (diagnostic.Line, diagnostic.Column, diagnostic.EndLine, diagnostic.EndColumn));
            StringAssert.StartsWith(diagnostic.Message, "mismatched types");
            StringAssert.Contains(diagnostic.Message, "help: try using a conversion method");
            StringAssert.Contains(diagnostic.Rendered, "error[E0308]");
        }

        [TestMethod]
        public void Notes_and_garbage_are_not_diagnostics()
        {
            Assert.AreEqual("compiler-message", CargoOutput.Parse("{\"reason\":\"compiler-message\",\"message\":{\"level\":\"note\",\"message\":\"x\",\"spans\":[]}}", Work, out _, out var note, out _));
            Assert.IsNull(note);
            Assert.IsNull(CargoOutput.Parse("{not json}", Work, out _, out _, out _));
            Assert.IsFalse(CargoOutput.LooksLikeJson("   Compiling a v0.1.0"));
            Assert.AreEqual("build-finished", CargoOutput.Parse("{\"reason\":\"build-finished\",\"success\":false}", Work, out _, out _, out var ok));
            Assert.AreEqual(false, ok);
        }

        [TestMethod]
        public void Plain_errors_collect_their_explanation_even_from_trimmed_lines()
        {
            var collector = new PlainErrorCollector();
            // As ToolTask delivers them: trimmed.
            var done = new[]
            {
                "error: failed to parse manifest at `/w/Cargo.toml`",
                "",
                "Caused by:",
                "missing field `name`",
                "Compiling a v0.1.0 (/w)",
                "error: no bin target named `nope`",
                "warning: unused manifest key: x",
                "error: duplicate key",
                "--> Cargo.toml:11:2",
                "|",
                "11 | [dependencies]",
                "|  ^^^^^^^^^^^^",
            }.SelectMany(collector.Add).ToList();
            done.AddRange(collector.Complete());
            Assert.AreEqual(3, done.Count, string.Join("\n---\n", done.Select(d => d.Message)));
            Assert.AreEqual("failed to parse manifest at `/w/Cargo.toml`: missing field `name`", done[0].Message, "one line, the cause chain joined");
            StringAssert.Contains(done[0].FullText, "Caused by:");
            Assert.AreEqual("no bin target named `nope`", done[1].Message);
            Assert.AreEqual("duplicate key", done[2].Message);
            StringAssert.Contains(done[2].FullText, "11 | [dependencies]");
            Assert.AreEqual(("Cargo.toml", 11, 2), (done[2].File, done[2].Line, done[2].Column));
        }
    }
}
