using System;
using System.Collections.Generic;
using System.IO;
using RustLambda.Build.IO;

namespace RustLambda.Build.Template
{
    /// <summary>
    /// Writes `sam build`'s layout: &lt;build dir&gt;/&lt;LogicalId&gt;/bootstrap (mode 0755) and &lt;build dir&gt;/template.yaml
    /// pointing at them, so `sam deploy` and `sam local invoke` work right after `dotnet build`. A nested application's
    /// functions are in &lt;build dir&gt;/&lt;App&gt;/&lt;LogicalId&gt;/ beside its rewritten template (<see cref="SamBuildStackTemplates"/>).
    /// </summary>
    public static class SamBuildLayout
    {
        /// <summary>SamBuildDir; empty means .aws-sam/build beside the template, where `sam build` run there writes.</summary>
        public static string BuildDirectory(string templatePath, string? samBuildDir) => Path.GetFullPath(string.IsNullOrWhiteSpace(samBuildDir)
            ? Path.Combine(Path.GetDirectoryName(templatePath)!, ".aws-sam", "build")
            : samBuildDir!);

        /// <param name="binaries">Each function's built binary by full path (App/Function); a function without one is left out of the layout.</param>
        /// <param name="written">Receives each file as it is written, so a caller knows what to clean even after a failure.</param>
        /// <exception cref="IOException">And UnauthorizedAccessException, Yaml.YamlDocumentException, InvalidOperationException: the layout could not be written.</exception>
        /// <param name="stacks">The templates of the tree, root first; null or empty: the root template alone.</param>
        public static void Write(string templatePath, string buildDirectory, IEnumerable<KeyValuePair<string, string>> binaries, ICollection<string> written, IReadOnlyList<SamBuildStackTemplate>? stacks = null)
        {
            var folders = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var function in binaries)
            {
                string bootstrap = Path.Combine(buildDirectory, function.Key, "bootstrap");
                AtomicFile.Copy(function.Value, bootstrap);
                MakeExecutable(bootstrap);
                written.Add(bootstrap);
                folders[function.Key] = function.Key;
            }

            var templates = stacks == null || stacks.Count == 0 ? new[] { new SamBuildStackTemplate(templatePath, "", Array.Empty<string>()) } : stacks;
            foreach (var (output, text) in SamBuildStackTemplates.Render(templates, buildDirectory, folders.Keys))
            {
                AtomicFile.WriteText(output, text);
                written.Add(output);
            }
        }

        private static void MakeExecutable(string path)
        {
#if NET
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            }
#endif
        }
    }
}
