using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Build.Diagnostics;

namespace RustLambda.Build.Tests
{
    /// <summary>
    /// What every hostile-input test checks besides its own expectation: the code under test returns (no exception, no hang),
    /// leaves the user's files byte-for-byte as they were, and answers with diagnostics that carry a documented code.
    /// </summary>
    internal static class Hardened
    {
        /// <summary>Generous: the slowest case (a 10 MB scalar) takes well under a second.</summary>
        public static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

        /// <summary>Runs <paramref name="action"/> on its own thread, failing the test on an exception or when it does not finish in time.</summary>
        public static T Run<T>(Func<T> action, string what)
        {
            T result = default!;
            Exception? thrown = null;
            // A thread of our own (not the pool) with a normal stack: a stack overflow would still kill the process, which is
            // what the depth limits exist to prevent, and a hang leaves the thread behind instead of blocking the test run.
            var thread = new Thread(() =>
            {
                try
                {
                    result = action();
                }
                catch (Exception e)
                {
                    thrown = e;
                }
            }) { IsBackground = true };
            thread.Start();
            if (!thread.Join(Limit))
            {
                Assert.Fail($"{what} did not finish within {Limit.TotalSeconds} s (a hang?)");
            }
            if (thrown != null)
            {
                Assert.Fail($"{what} threw instead of reporting a diagnostic: {thrown}");
            }
            return result;
        }

        /// <summary>Every file below <paramref name="root"/> with its bytes, to compare after the code under test ran.</summary>
        public static Dictionary<string, byte[]> Snapshot(string root) =>
            Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes, StringComparer.Ordinal);

        public static void AssertUnchanged(Dictionary<string, byte[]> before, string root)
        {
            var after = Snapshot(root);
            CollectionAssert.AreEquivalent(before.Keys.ToList(), after.Keys.ToList(), "reading must neither create nor delete files: " + string.Join(", ", after.Keys.Except(before.Keys)));
            foreach (var file in before)
            {
                CollectionAssert.AreEqual(file.Value, after[file.Key], $"{file.Key} was modified by reading it");
            }
        }

        /// <summary>
        /// The one diagnostic the bag must hold: its code, a distinctive part of its message, and (when given) its file and
        /// line. A huge input must not produce a huge message.
        /// </summary>
        public static Diagnostic Single(DiagnosticBag diagnostics, string code, string fragment, string? file = null, int? line = null,
            DiagnosticSeverity severity = DiagnosticSeverity.Error)
        {
            string all = string.Join(Environment.NewLine, diagnostics.Items.Select(d => Cut(d.ToString())));
            Assert.AreEqual(1, diagnostics.Items.Count, "expected exactly one diagnostic, got:" + Environment.NewLine + all);
            var diagnostic = diagnostics.Items[0];
            Assert.AreEqual(code, diagnostic.Code, all);
            Assert.AreEqual(severity, diagnostic.Severity, all);
            StringAssert.Contains(diagnostic.Message, fragment, all);
            if (file != null)
            {
                Assert.AreEqual(file, diagnostic.File, all);
            }
            if (line != null)
            {
                Assert.AreEqual(line.Value, diagnostic.Line, all);
            }
            AssertWellFormed(diagnostics);
            return diagnostic;
        }

        /// <summary>Documented code, bounded message, and a position that is never negative.</summary>
        public static void AssertWellFormed(DiagnosticBag diagnostics)
        {
            foreach (var d in diagnostics.Items)
            {
                Assert.IsTrue(DocumentedCodes.Contains(d.Code), $"{d.Code} is not in the README's table: {Cut(d.ToString())}");
                Assert.IsTrue(d.Message.Length < 1500, $"a {d.Message.Length}-character message: {Cut(d.Message)}");
                Assert.IsTrue(d.Line >= 0 && d.Column >= 0, d.ToString());
                Assert.IsFalse(string.IsNullOrWhiteSpace(d.Message), d.Code);
            }
        }

        private static string Cut(string text) => text.Length <= 400 ? text : text.Substring(0, 400) + "…";

        /// <summary>The codes of the README's Diagnostics table (the user's reference), read once.</summary>
        public static readonly HashSet<string> DocumentedCodes = new HashSet<string>(
            Regex.Matches(File.ReadAllText(RepoFile("README.md")), @"^\| (RL\d{4}) \|", RegexOptions.Multiline).Select(m => m.Groups[1].Value),
            StringComparer.Ordinal);

        public static string RepoFile(params string[] parts)
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "RustLambda.Sdk.sln")))
                {
                    return Path.Combine(dir.FullName, Path.Combine(parts));
                }
            }
            throw new InvalidOperationException("repository root not found");
        }
    }
}
