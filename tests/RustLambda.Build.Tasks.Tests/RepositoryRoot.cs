using System;
using System.IO;

namespace RustLambda.Build.Tests
{
    /// <summary>The repository's files (README, Sdk.targets) as the tests read them.</summary>
    internal static class RepositoryRoot
    {
        public static string File(params string[] parts)
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (System.IO.File.Exists(Path.Combine(dir.FullName, "RustLambda.Sdk.sln")))
                {
                    return Path.Combine(dir.FullName, Path.Combine(parts));
                }
            }
            throw new InvalidOperationException("repository root not found");
        }
    }
}
