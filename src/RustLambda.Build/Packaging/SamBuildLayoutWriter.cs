using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RustLambda.Build.IO;
using RustLambda.Build.Template;

namespace RustLambda.Build.Packaging
{
    /// <summary>
    /// Writes `sam build`'s layout: &lt;BuildDirectory&gt;/&lt;LogicalId&gt;/bootstrap and &lt;BuildDirectory&gt;/template.yaml.
    /// The layout is shared by every configuration, so it is checked on every build against the binaries of the build at
    /// hand, by content (<see cref="FileStamps"/>): a bootstrap another configuration wrote, or one that was deleted or
    /// damaged, is replaced; one that already holds the binary's bytes is left alone. Each bootstrap is a hard link of the
    /// checked binary (a copy where linking fails). Temps are written in the build folder itself, never inside a function's
    /// folder (its CodeUri, which `sam deploy` packages), and those a killed build left are swept first.
    /// </summary>
    public sealed class SamBuildLayoutWriter
    {
        public const string TemplateFileName = "template.yaml";
        public const string BootstrapFileName = "bootstrap";

        private readonly string _buildDirectory;
        private readonly FileStamps _stamps;

        public SamBuildLayoutWriter(string buildDirectory, FileStamps stamps)
        {
            _buildDirectory = Path.GetFullPath(buildDirectory);
            _stamps = stamps;
        }

        public string BuildDirectory => _buildDirectory;

        /// <summary>SamBuildDir resolved: empty means .aws-sam/build beside the template, where `sam build` run there writes.</summary>
        public static string DefaultBuildDirectory(string templatePath, string? samBuildDir, string baseDirectory) => Path.GetFullPath(string.IsNullOrWhiteSpace(samBuildDir)
            ? Path.Combine(Path.GetDirectoryName(templatePath)!, ".aws-sam", "build")
            : Path.Combine(baseDirectory, samBuildDir!.Trim()));

        public string BootstrapPath(string logicalId) => Path.Combine(_buildDirectory, logicalId, BootstrapFileName);

        public string TemplatePath => Path.Combine(_buildDirectory, TemplateFileName);

        /// <param name="binaries">Function path (LogicalId, or App/LogicalId in a nested application) → the checked binary its bootstrap must hold.</param>
        /// <param name="stacks">The templates of the tree, root first (<see cref="SamBuildStackTemplates"/>); null or empty: the root template alone.</param>
        public SamBuildLayoutResult Write(string sourceTemplatePath, IReadOnlyDictionary<string, string> binaries, IReadOnlyList<SamBuildStackTemplate>? stacks = null)
        {
            var result = new SamBuildLayoutResult();
            Directory.CreateDirectory(_buildDirectory);
            result.SweptTemporaryFiles += TemporaryFiles.Sweep(_buildDirectory);
            var folders = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var function in binaries.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                string bootstrap = BootstrapPath(function.Key);
                // SDK 1.0 wrote its temps here, inside the CodeUri: remove what a killed build left.
                result.SweptTemporaryFiles += TemporaryFiles.Sweep(Path.GetDirectoryName(bootstrap)!);
                string sourceHash = _stamps.HashOf(function.Value)
                    ?? throw new FileNotFoundException($"the binary {function.Value} of {function.Key} does not exist any more; build again", function.Value);
                if (_stamps.HashOf(bootstrap) == sourceHash)
                {
                    result.Unchanged++;
                }
                else
                {
                    if (AtomicFile.LinkOrCopy(function.Value, bootstrap, _buildDirectory))
                    {
                        result.Linked++;
                    }
                    else
                    {
                        result.Copied++;
                    }
                    _stamps.Record(bootstrap, sourceHash);
                }
                MakeExecutable(bootstrap);
                result.WrittenFiles.Add(bootstrap);
                folders[function.Key] = function.Key;
            }

            var templates = stacks == null || stacks.Count == 0 ? new[] { new SamBuildStackTemplate(sourceTemplatePath, "", Array.Empty<string>()) } : stacks;
            // Rendering parses every template (YAML): most of a build whose only change was a binary. Skipped while every
            // output still holds what was written from the same sources, functions and folder.
            string madeFrom = TemplatesMadeFrom(templates, folders.Keys);
            var outputs = templates.Select(t => SamBuildStackTemplates.OutputPath(_buildDirectory, t.StackPath)).ToList();
            if (outputs.All(o => _stamps.MadeFrom(o) == madeFrom && _stamps.RecordedHash(o) is { } written && _stamps.HashOf(o) == written))
            {
                result.WrittenFiles.AddRange(outputs);
                return result;
            }
            foreach (var (output, text) in SamBuildStackTemplates.Render(templates, _buildDirectory, folders.Keys))
            {
                if (AtomicFile.WriteTextIfChanged(output, text))
                {
                    result.TemplateWritten = true;
                }
                _stamps.HashOf(output);
                _stamps.RecordMadeFrom(output, madeFrom);
                result.WrittenFiles.Add(output);
            }
            return result;
        }

        private string TemplatesMadeFrom(IEnumerable<SamBuildStackTemplate> templates, IEnumerable<string> functionFolders)
        {
            var key = new System.Text.StringBuilder("sam-templates-v1\n").Append(_buildDirectory).Append('\n');
            foreach (var template in templates)
            {
                key.Append(template.StackPath).Append('\t').Append(template.SourceTemplatePath).Append('\t')
                    .Append(_stamps.HashOf(template.SourceTemplatePath) ?? "missing").Append('\t')
                    .Append(string.Join(",", template.NestedStackIds)).Append('\n');
            }
            key.Append(string.Join("\n", functionFolders.OrderBy(f => f, StringComparer.Ordinal)));
            return ContentHash.Of(System.Text.Encoding.UTF8.GetBytes(key.ToString()));
        }

        private static void MakeExecutable(string path)
        {
#if NET
            if (!OperatingSystem.IsWindows())
            {
                const UnixFileMode executable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
                    | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
                if (File.GetUnixFileMode(path) != executable)
                {
                    File.SetUnixFileMode(path, executable);
                }
            }
#endif
        }
    }

    public sealed class SamBuildLayoutResult
    {
        /// <summary>Every file of the layout as it now stands: the bootstraps, then each stack's template.yaml, the root's first.</summary>
        public List<string> WrittenFiles { get; } = new List<string>();
        public int Linked { get; set; }
        public int Copied { get; set; }
        public int Unchanged { get; set; }
        public bool TemplateWritten { get; set; }
        public int SweptTemporaryFiles { get; set; }
    }
}
