using System;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.Model;
using RustLambda.Build.Packaging;

namespace RustLambda.Build.Tests.Packaging
{
    /// <summary>Checks against real binaries of this Debian machine: /bin/true (dynamic, needs GLIBC_2.34) and /sbin/ldconfig (static-pie).</summary>
    [TestClass]
    public class ArtifactChecksTests
    {
        private const string DynamicBinary = "/bin/true";
        private const string StaticBinary = "/sbin/ldconfig";

        [TestInitialize]
        public void RequireLinuxBinaries()
        {
            if (!File.Exists(DynamicBinary) || !File.Exists(StaticBinary) || ElfInspector.Inspect(DynamicBinary).Architecture != "x86_64")
            {
                Assert.Inconclusive("needs an x86_64 Linux host with /bin/true and /sbin/ldconfig");
            }
        }

        private static DiagnosticBag Check(string path, string architecture, string runtime)
        {
            var diagnostics = new DiagnosticBag();
            ArtifactChecks.Check(path, "Fn", architecture, runtime, diagnostics);
            return diagnostics;
        }

        [TestMethod]
        public void Inspect_reads_machine_linking_and_glibc_needs()
        {
            var facts = ElfInspector.Inspect(DynamicBinary);
            Assert.IsTrue(facts.IsElf && facts.IsExecutable && facts.IsDynamic);
            Assert.AreEqual("x86_64", facts.Architecture);
            Assert.AreEqual(new Version(2, 34), facts.HighestGlibc!.Value.Version);
            Assert.AreEqual("libc.so.6", facts.HighestGlibc.Value.Library);
            Assert.AreEqual(0, ElfInspector.Inspect(StaticBinary).GlibcNeeds.Count);
        }

        [TestMethod]
        public void A_binary_within_the_runtime_glibc_passes() =>
            Assert.AreEqual(0, Check(DynamicBinary, "x86_64", LambdaRuntimes.Al2023).Items.Count);

        [TestMethod]
        public void A_binary_needing_a_newer_glibc_than_al2_is_refused_with_the_ways_out()
        {
            var error = Check(DynamicBinary, "x86_64", LambdaRuntimes.Al2).Items.Single();
            Assert.AreEqual(DiagnosticCodes.GlibcTooNew, error.Code);
            foreach (var part in new[] { "GLIBC_2.34", "provided.al2", "glibc 2.26", "provided.al2023", "x86_64-unknown-linux-gnu.2.26", "musl" })
            {
                StringAssert.Contains(error.Message, part);
            }
        }

        [TestMethod]
        public void A_static_binary_passes_any_runtime() =>
            Assert.AreEqual(0, Check(StaticBinary, "x86_64", LambdaRuntimes.Al2).Items.Count);

        [TestMethod]
        public void A_binary_for_another_architecture_is_refused()
        {
            var error = Check(DynamicBinary, "arm64", LambdaRuntimes.Al2023).Items.Single();
            Assert.AreEqual(DiagnosticCodes.ArchitectureMismatch, error.Code);
            StringAssert.Contains(error.Message, "exec format error");

            using var dir = new TempDirectory();
            string arm = dir.Combine("arm");
            var bytes = File.ReadAllBytes(DynamicBinary);
            bytes[18] = 0xB7; // e_machine = EM_AARCH64
            bytes[19] = 0;
            File.WriteAllBytes(arm, bytes);
            Assert.AreEqual("arm64", ElfInspector.Inspect(arm).Architecture);
            Assert.AreEqual(DiagnosticCodes.ArchitectureMismatch, Check(arm, "x86_64", LambdaRuntimes.Al2023).Items.Single().Code);
        }

        [TestMethod]
        [DataRow("MZ\u0090\u0000 this is not elf at all....", "Windows executable")]
        [DataRow("#!/bin/sh\necho hello\n", "a script")]
        [DataRow("", "not an executable binary")]
        public void Files_that_are_not_ELF_are_refused(string content, string expected)
        {
            using var dir = new TempDirectory();
            string path = dir.Write("bootstrap", content);
            var error = Check(path, "x86_64", LambdaRuntimes.Al2023).Items.Single();
            Assert.AreEqual(DiagnosticCodes.NotALinuxExecutable, error.Code);
            StringAssert.Contains(error.Message, expected);
        }

        [TestMethod]
        public void A_binary_without_section_headers_is_read_from_its_program_headers()
        {
            using var dir = new TempDirectory();
            string path = dir.Combine("sstripped");
            var bytes = File.ReadAllBytes(DynamicBinary);
            Array.Clear(bytes, 40, 8); // e_shoff = 0
            Array.Clear(bytes, 58, 6); // e_shentsize, e_shnum, e_shstrndx = 0
            File.WriteAllBytes(path, bytes);
            var facts = ElfInspector.Inspect(path);
            Assert.IsTrue(facts.IsElf && facts.IsExecutable, facts.NotElfReason);
            Assert.IsTrue(facts.IsDynamic, "PT_DYNAMIC marks it dynamic");
            Assert.AreEqual(0, facts.GlibcNeeds.Count);
        }

        [TestMethod]
        [DataRow(40)]
        [DataRow(2000)]
        public void A_truncated_ELF_is_refused_as_damaged(int length)
        {
            using var dir = new TempDirectory();
            string path = dir.Combine("truncated");
            File.WriteAllBytes(path, File.ReadAllBytes(DynamicBinary).Take(length).ToArray());
            var error = Check(path, "x86_64", LambdaRuntimes.Al2023).Items.Single();
            Assert.AreEqual(DiagnosticCodes.NotALinuxExecutable, error.Code);
            StringAssert.Contains(error.Message, "damaged");
        }

        [TestMethod]
        public void A_version_need_naming_a_string_past_its_table_is_refused_as_damaged()
        {
            using var dir = new TempDirectory();
            string path = dir.Combine("bad-verneed");
            var bytes = File.ReadAllBytes(DynamicBinary);
            long sectionTable = BitConverter.ToInt64(bytes, 40);
            int entry = BitConverter.ToUInt16(bytes, 58), count = BitConverter.ToUInt16(bytes, 60);
            int versionNeeds = Enumerable.Range(0, count).Single(i => BitConverter.ToUInt32(bytes, (int)sectionTable + i * entry + 4) == 0x6ffffffe);
            long needsOffset = BitConverter.ToInt64(bytes, (int)sectionTable + versionNeeds * entry + 24);
            BitConverter.GetBytes(0x7fff_fff0u).CopyTo(bytes, (int)needsOffset + 4); // the first Verneed's vn_file
            File.WriteAllBytes(path, bytes);
            StringAssert.Contains(Check(path, "x86_64", LambdaRuntimes.Al2023).Items.Single().Message, "damaged");
        }

        [TestMethod]
        public void An_ELF_for_another_OS_is_refused()
        {
            using var dir = new TempDirectory();
            string path = dir.Combine("freebsd");
            var bytes = File.ReadAllBytes(DynamicBinary);
            bytes[7] = 9; // EI_OSABI = FreeBSD
            File.WriteAllBytes(path, bytes);
            StringAssert.Contains(Check(path, "x86_64", LambdaRuntimes.Al2023).Items.Single().Message, "another OS");
        }
    }
}
