using System;
using System.Linq;
using System.Runtime.InteropServices;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Build.Building;
using RustLambda.Build.Model;

namespace RustLambda.Build.Tests.Model
{
    [TestClass]
    public class LambdaArchitecturesTests
    {
        [TestMethod]
        public void The_table_holds_Lambdas_two_architectures_with_their_ELF_machines()
        {
            CollectionAssert.AreEqual(new[] { "x86_64", "arm64" }, LambdaArchitectures.Names.ToArray());
            // The ELF specification's e_machine numbers: EM_X86_64 = 62, EM_AARCH64 = 183, EM_386 = 3.
            Assert.AreEqual((ushort)62, LambdaArchitectures.Find("x86_64")!.ElfMachine);
            Assert.AreEqual((ushort)183, LambdaArchitectures.Find("arm64")!.ElfMachine);
            Assert.AreEqual("arm64", LambdaArchitectures.FromElfMachine((ushort)183)!.Name);
            Assert.IsNull(LambdaArchitectures.FromElfMachine((ushort)3));
        }

        [TestMethod]
        public void Names_are_matched_exactly_as_SAM_does()
        {
            Assert.IsNull(LambdaArchitectures.Find("ARM64"));
            Assert.IsNull(LambdaArchitectures.Find("aarch64"));
            Assert.IsNull(LambdaArchitectures.Find(null));
            Assert.ThrowsExactly<ArgumentException>(() => LambdaArchitectures.Get("x86"));
        }

        [TestMethod]
        public void Host_mapping_and_cargo_names_come_from_the_table()
        {
            Assert.AreEqual("x86_64", LambdaArchitectures.FromHost(Architecture.X64)!.Name);
            Assert.AreEqual("arm64", LambdaArchitectures.FromHost(Architecture.Arm64)!.Name);
            Assert.IsNull(LambdaArchitectures.FromHost(Architecture.X86));
            Assert.AreEqual(LambdaArchitectures.Host?.Name, HostPlatform.Current().Architecture);
            Assert.AreEqual("aarch64-unknown-linux-gnu", BuildPlanner.TargetTriple("arm64"));
            Assert.AreEqual("x86_64-unknown-linux-gnu", BuildPlanner.TargetTriple("x86_64"));
        }
    }
}
