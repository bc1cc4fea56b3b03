using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using RustLambda.Build.IO;
using RustLambda.Build.Packaging;

namespace RustLambda.Build.Tests.Packaging
{
    [TestClass]
    public class BootstrapZipTests
    {
        private static string WriteBinary(TempDirectory dir, int size, int seed = 1)
        {
            var bytes = new byte[size];
            new Random(seed).NextBytes(bytes);
            string path = dir.Combine("bootstrap-src");
            File.WriteAllBytes(path, bytes);
            return path;
        }

        [TestMethod]
        public void Holds_one_executable_bootstrap_made_by_unix()
        {
            using var dir = new TempDirectory();
            string binary = WriteBinary(dir, 100_000);
            string zip = dir.Combine("out", "bootstrap.zip");
            BootstrapZip.Write(binary, zip);

            using var archive = ZipFile.OpenRead(zip);
            var entry = archive.Entries.Single();
            Assert.AreEqual("bootstrap", entry.FullName);
            Assert.AreEqual(0x81ED, (entry.ExternalAttributes >> 16) & 0xFFFF, "S_IFREG | 0755");
            using var content = new MemoryStream();
            entry.Open().CopyTo(content);
            CollectionAssert.AreEqual(File.ReadAllBytes(binary), content.ToArray());

            // Byte 5 of the central directory header is the made-by host: 3 = Unix.
            var bytes = File.ReadAllBytes(zip);
            int central = IndexOf(bytes, new byte[] { 0x50, 0x4b, 0x01, 0x02 });
            Assert.AreEqual(3, bytes[central + 5]);
        }

        [TestMethod]
        public void The_same_binary_gives_identical_bytes_whatever_its_timestamp()
        {
            using var dir = new TempDirectory();
            string binary = WriteBinary(dir, 50_000);
            BootstrapZip.Write(binary, dir.Combine("a.zip"));
            File.SetLastWriteTimeUtc(binary, DateTime.UtcNow.AddDays(-3));
            BootstrapZip.Write(binary, dir.Combine("b.zip"));
            CollectionAssert.AreEqual(File.ReadAllBytes(dir.Combine("a.zip")), File.ReadAllBytes(dir.Combine("b.zip")));
        }

        [TestMethod]
        public void Writing_replaces_atomically_and_leaves_no_temporary_files()
        {
            using var dir = new TempDirectory();
            string zip = dir.Combine("out", "bootstrap.zip");
            BootstrapZip.Write(WriteBinary(dir, 10, seed: 1), zip);
            BootstrapZip.Write(WriteBinary(dir, 20, seed: 2), zip);
            Assert.AreEqual(1, Directory.GetFiles(dir.Combine("out")).Length);
            Assert.ThrowsExactly<FileNotFoundException>(() => BootstrapZip.Write(dir.Combine("missing"), zip));
            Assert.AreEqual(1, Directory.GetFiles(dir.Combine("out")).Length, "a failed write leaves the previous zip and no temp file");
        }

        [TestMethod]
        public void WriteTextIfChanged_keeps_the_timestamp_of_unchanged_content()
        {
            using var dir = new TempDirectory();
            string path = dir.Combine("settings.hash");
            Assert.IsTrue(AtomicFile.WriteTextIfChanged(path, "a"));
            var old = DateTime.UtcNow.AddHours(-1);
            File.SetLastWriteTimeUtc(path, old);
            Assert.IsFalse(AtomicFile.WriteTextIfChanged(path, "a"));
            Assert.AreEqual(old, File.GetLastWriteTimeUtc(path));
            Assert.IsTrue(AtomicFile.WriteTextIfChanged(path, "b"));
        }

        private static int IndexOf(byte[] haystack, byte[] needle)
        {
            for (int i = 0; i <= haystack.Length - needle.Length; i++)
            {
                if (haystack.Skip(i).Take(needle.Length).SequenceEqual(needle))
                {
                    return i;
                }
            }
            return -1;
        }
    }
}
