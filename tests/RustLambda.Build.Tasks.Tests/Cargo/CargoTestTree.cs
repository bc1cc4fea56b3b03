using System;
using System.Collections.Generic;
using System.IO;

namespace RustLambda.Build.Tests.Cargo
{
    /// <summary>A throw-away folder tree for one test, written from relative path → content ('/' separators in keys).</summary>
    internal sealed class CargoTestTree : IDisposable
    {
        private readonly string _container;

        /// <param name="rootName">The tree's own folder name, so tests can put spaces or non-ASCII letters in every path.</param>
        public CargoTestTree(string rootName = "tree")
        {
            _container = Path.Combine(Path.GetTempPath(), "rustlambda-cargo-tests", Guid.NewGuid().ToString("N"));
            Root = Path.Combine(_container, rootName);
            Directory.CreateDirectory(Root);
        }

        public string Root { get; }

        public CargoTestTree Write(IDictionary<string, string> files)
        {
            foreach (var file in files)
            {
                string path = PathOf(file.Key);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, file.Value);
            }
            return this;
        }

        public CargoTestTree Folder(string relative)
        {
            Directory.CreateDirectory(PathOf(relative));
            return this;
        }

        public string PathOf(string relative) =>
            Path.GetFullPath(Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar))).TrimEnd(Path.DirectorySeparatorChar);

        public void Dispose()
        {
            try
            {
                Directory.Delete(_container, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless; failing the test over it is not.
            }
        }

        public static string Package(string name, string extra = "", string edition = "2021") =>
            $"[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"{edition}\"\n{extra}\n";

        public const string Main = "fn main() {}\n";
    }
}
