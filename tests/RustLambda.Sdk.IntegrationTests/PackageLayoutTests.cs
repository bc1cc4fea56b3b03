using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.PortableExecutable;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace RustLambda.Sdk.IntegrationTests
{
    /// <summary>
    /// What the packed SDK ships: tasks/net8.0/ (the .NET SDK's MSBuild) ReadyToRun-compiled so a fresh `dotnet build`
    /// process does not JIT the tasks and their parsers; tasks/net472/ (Visual Studio) plain IL, which .NET Framework needs.
    /// That the ReadyToRun images load in MSBuild is what every other test here shows: they build with this package.
    /// </summary>
    [TestClass]
    public class PackageLayoutTests
    {
        [TestMethod]
        public void Every_assembly_in_tasks_net8_is_a_ReadyToRun_image()
        {
            var images = Assemblies("tasks/net8.0/");
            CollectionAssert.Contains(images.Keys.ToList(), "tasks/net8.0/RustLambda.Build.Tasks.dll");
            CollectionAssert.Contains(images.Keys.ToList(), "tasks/net8.0/YamlDotNet.dll");
            foreach (var (name, header) in images)
            {
                Assert.IsTrue(header.ManagedNativeHeaderDirectory.Size > 0, name + " has no ReadyToRun header");
                Assert.AreEqual((CorFlags)0, header.Flags & CorFlags.ILOnly, name + " is marked IL-only");
            }
        }

        [TestMethod]
        public void The_net472_tasks_stay_IL_only()
        {
            var images = Assemblies("tasks/net472/");
            CollectionAssert.Contains(images.Keys.ToList(), "tasks/net472/RustLambda.Build.Tasks.dll");
            foreach (var (name, header) in images.Where(i => Path.GetFileName(i.Key).StartsWith("RustLambda.")))
            {
                Assert.AreEqual(0, header.ManagedNativeHeaderDirectory.Size, name + " has a ReadyToRun header");
                Assert.AreEqual(CorFlags.ILOnly, header.Flags & CorFlags.ILOnly, name + " is not IL-only");
            }
        }

        private static Dictionary<string, CorHeader> Assemblies(string folder)
        {
            string package = Path.Combine(Repo.Packages, $"RustLambda.Sdk.{Repo.Version}.nupkg");
            Assert.IsTrue(File.Exists(package), package + " is missing; run build/test.sh (it packs the SDK first)");
            var result = new Dictionary<string, CorHeader>();
            using var zip = ZipFile.OpenRead(package);
            foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith(folder) && e.FullName.EndsWith(".dll")))
            {
                using var bytes = new MemoryStream();
                using (var stream = entry.Open())
                {
                    stream.CopyTo(bytes);
                }
                bytes.Position = 0;
                using var pe = new PEReader(bytes);
                Assert.IsNotNull(pe.PEHeaders.CorHeader, entry.FullName + " is not a .NET assembly");
                result[entry.FullName] = pe.PEHeaders.CorHeader!;
            }
            Assert.AreNotEqual(0, result.Count, "no assemblies under " + folder);
            return result;
        }
    }
}
