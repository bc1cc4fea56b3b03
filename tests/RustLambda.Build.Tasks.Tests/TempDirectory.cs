using System;
using System.Collections.Generic;
using System.IO;

namespace RustLambda.Build.Tests
{
    /// <summary>A throw-away folder for one test, filled from a path → content map.</summary>
    public sealed class TempDirectory : IDisposable
    {
        public TempDirectory(string? name = null)
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "rl-unit", (name ?? "t") + "-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string Write(string relativePath, string content)
        {
            string full = System.IO.Path.Combine(Path, relativePath.Replace('/', System.IO.Path.DirectorySeparatorChar));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
            return full;
        }

        public TempDirectory WriteAll(IDictionary<string, string> files)
        {
            foreach (var file in files)
            {
                Write(file.Key, file.Value);
            }
            return this;
        }

        public string Combine(params string[] parts) => System.IO.Path.Combine(Path, System.IO.Path.Combine(parts));

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
