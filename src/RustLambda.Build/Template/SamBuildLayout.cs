using System;
using System.Collections.Generic;
using System.IO;
using RustLambda.Build.IO;

namespace RustLambda.Build.Template
{
    /// <summary>
    /// Writes `sam build`'s layout: &lt;build dir&gt;/&lt;LogicalId&gt;/bootstrap (mode 0755) and &lt;build dir&gt;/template.yaml
    /// pointing at them, so `sam deploy` and `sam local invoke` work right after `dotnet build`.
    /// </summary>
    public static class SamBuildLayout
    {
        /// <summary>SamBuildDir; empty means .aws-sam/build beside the template, where `sam build` run there writes.</summary>
        public static string BuildDirectory(string templatePath, string? samBuildDir) => Path.GetFullPath(string.IsNullOrWhiteSpace(samBuildDir)
            ? Path.Combine(Path.GetDirectoryName(templatePath)!, ".aws-sam", "build")
            : samBuildDir!);

        /// <param name="binaries">Each function's built binary by logical id; a function without one is left out of the layout.</param>
        /// <param name="written">Receives each file as it is written, so a caller knows what to clean even after a failure.</param>
        /// <exception cref="IOException">And UnauthorizedAccessException, Yaml.YamlDocumentException, InvalidOperationException: the layout could not be written.</exception>
        public static void Write(string templatePath, string buildDirectory, IEnumerable<KeyValuePair<string, string>> binaries, ICollection<string> written)
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

            string template = Path.Combine(buildDirectory, "template.yaml");
            AtomicFile.WriteText(template, SamBuildTemplateWriter.Render(templatePath, buildDirectory, folders));
            written.Add(template);
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
