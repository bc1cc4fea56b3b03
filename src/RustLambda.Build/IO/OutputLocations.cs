using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RustLambda.Build.Diagnostics;

namespace RustLambda.Build.IO
{
    /// <summary>
    /// Refuses an output folder that would put our files among the user's: a folder that is (or contains) the template's
    /// folder, a CodeUri, a Cargo build root or package, or that directly holds a Cargo.toml, a SAM template or Rust sources. Writing
    /// `template.yaml` or `&lt;LogicalId&gt;/bootstrap.zip` there could overwrite a source file, and clean would delete it.
    /// Outputs below a source folder (bin/, .aws-sam/build) are what the SDK does by default and are fine.
    /// </summary>
    public sealed class OutputLocations
    {
        private static readonly string[] SourceMarkers = { "Cargo.toml", "samconfig.toml", "template.yml", "template.json", "template.yaml" };

        private readonly List<(string Folder, string What)> _sources = new List<(string, string)>();

        /// <summary>A folder holding sources, and how to name it in a message (e.g. "the template's folder").</summary>
        public void AddSourceFolder(string folder, string what) => _sources.Add((Normalize(folder), what));

        /// <summary>Reports RL0121 (at <paramref name="projectFile"/>) when <paramref name="folder"/> would mix outputs with sources.</summary>
        /// <param name="property">The setting that chose the folder (SamBuildDir, RustLambdaOutputDir, PublishDir).</param>
        /// <param name="writesTemplate">The SAM layout: its folder holds a template.yaml of ours (or of `sam build`), so that is no marker.</param>
        public bool Check(string property, string? folder, string? projectFile, DiagnosticBag diagnostics, bool writesTemplate = false)
        {
            if (string.IsNullOrWhiteSpace(folder))
            {
                return true;
            }
            string output;
            try
            {
                output = Normalize(folder!);
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is PathTooLongException)
            {
                diagnostics.Error(DiagnosticCodes.OutputFolderHoldsSources, $"{property} '{MessageText.Shorten(folder!)}' is not a usable folder path ({ex.Message}). Set it to a folder of its own.", projectFile);
                return false;
            }
            string? reason = null;
            foreach (var (source, what) in _sources)
            {
                if (IsSameOrUnder(source, output))
                {
                    reason = string.Equals(source, output, Comparison) ? $"is {what} ({source})" : $"contains {what} ({source})";
                    break;
                }
            }
            if (reason == null)
            {
                string? marker = SourceMarkers.Take(writesTemplate ? 2 : SourceMarkers.Length).Select(m => Path.Combine(output, m)).FirstOrDefault(File.Exists);
                if (marker != null)
                {
                    reason = $"holds {marker}, which the build did not write";
                }
                else if (Directory.Exists(output) && Directory.EnumerateFiles(output, "*.rs").FirstOrDefault() is { } source)
                {
                    reason = $"holds Rust sources ({source})";
                }
            }
            if (reason == null)
            {
                return true;
            }
            diagnostics.Error(DiagnosticCodes.OutputFolderHoldsSources,
                $"{property} is {output}, which {reason}. Outputs written there could overwrite your files, and clean would delete them, so nothing was written. Set {property} to a folder of its own (the default {DefaultOf(property)} is one).",
                projectFile);
            return false;
        }

        private static string DefaultOf(string property) => property switch
        {
            "SamBuildDir" => ".aws-sam/build beside the template",
            "RustLambdaOutputDir" => "bin/<Configuration>/",
            _ => "bin/<Configuration>/publish/",
        };

        private static StringComparison Comparison => Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

        private static string Normalize(string folder)
        {
            string full = Path.GetFullPath(folder);
            // The file system root keeps its separator ("/", "C:\"): trimmed, it would name no folder at all.
            return string.Equals(Path.GetPathRoot(full), full, Comparison) ? full : full.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        }

        private static bool IsSameOrUnder(string path, string folder) =>
            string.Equals(path, folder, Comparison) || path.StartsWith(folder + Path.DirectorySeparatorChar, Comparison)
            || (folder.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) && path.StartsWith(folder, Comparison));
    }
}
