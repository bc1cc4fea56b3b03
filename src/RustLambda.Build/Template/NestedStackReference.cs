using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.Yaml;

namespace RustLambda.Build.Template
{
    /// <summary>
    /// A nested application of a template: an <c>AWS::Serverless::Application</c> (<c>Location</c>) or an
    /// <c>AWS::CloudFormation::Stack</c> (<c>TemplateURL</c>), and what `sam build` does with it: a local template file is
    /// built too, with the parameters its <c>Parameters</c> pass; a remote one (a Serverless Application Repository id,
    /// an S3 or HTTPS URL) is left to CloudFormation.
    /// </summary>
    public sealed class NestedStackReference
    {
        public const string ServerlessApplication = "AWS::Serverless::Application";
        public const string CloudFormationStack = "AWS::CloudFormation::Stack";

        /// <summary>The property naming the child template, per nested-stack type.</summary>
        public static readonly IReadOnlyDictionary<string, string> LocationProperties = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ServerlessApplication] = "Location",
            [CloudFormationStack] = "TemplateURL",
        };

        public string LogicalId { get; set; } = "";
        public string ResourceType { get; set; } = "";

        /// <summary><c>Location</c> or <c>TemplateURL</c>.</summary>
        public string LocationProperty => LocationProperties[ResourceType];

        /// <summary>The parent template, where the resource is written.</summary>
        public string ParentTemplatePath { get; set; } = "";

        /// <summary>Line of the logical id in the parent template: where a problem with the name itself is reported.</summary>
        public int IdLine { get; set; }

        /// <summary>Line and column of the location (or of the logical id, when there is none).</summary>
        public int Line { get; set; }
        public int Column { get; set; }

        /// <summary>The child template's full path when it is a local file; null for a remote one.</summary>
        public string? TemplatePath { get; set; }

        /// <summary>Why it is not built (remote, or only CloudFormation can compute its location), for the build log.</summary>
        public string? LeftAlone { get; set; }

        /// <summary>The <c>Parameters</c> that resolve locally, as overrides of the child template's parameters.</summary>
        public IReadOnlyDictionary<string, string> Parameters { get; set; } = new Dictionary<string, string>();

        public bool IsLocal => TemplatePath != null;

        /// <summary>
        /// Reads the resource's location and parameters with the parent's parameter values. Problems with a local location
        /// (no such file, a folder) are errors at the property; a location CloudFormation must compute is a warning.
        /// </summary>
        public static NestedStackReference Read(YamlScalar id, YamlMapping resource, string resourceType, string templatePath, IntrinsicResolver resolver, DiagnosticBag diagnostics)
        {
            var reference = new NestedStackReference
            {
                LogicalId = id.Value,
                ResourceType = resourceType,
                ParentTemplatePath = templatePath,
                IdLine = id.Line,
                Line = id.Line,
                Column = id.Column,
            };
            string shownId = MessageText.Shorten(id.Value);
            string property = reference.LocationProperty;
            var properties = resource["Properties"] as YamlMapping;
            var location = properties?[property];
            if (location == null || location is YamlScalar { IsNull: true })
            {
                diagnostics.Error(DiagnosticCodes.NestedLocationInvalid, $"{resourceType} {shownId} has no {property}; CloudFormation requires one. Set it to the child template, relative to this template (e.g. `{property}: app/template.yaml`).", templatePath, id.Line, id.Column);
                return reference;
            }
            reference.Line = location.Line;
            reference.Column = location.Column;

            bool isIntrinsic = IntrinsicResolver.Intrinsic(location).Name != null;
            if (location is YamlMapping && !isIntrinsic)
            {
                // { ApplicationId, SemanticVersion }: the Serverless Application Repository, which sam build leaves alone too.
                reference.LeftAlone = $"{shownId} is an application of the Serverless Application Repository";
                return reference;
            }
            string? value = resolver.ResolveString(location, out var problem);
            if (value == null)
            {
                if (isIntrinsic)
                {
                    diagnostics.Warning(DiagnosticCodes.NestedLocationNotLocal, $"{property} of {shownId} {problem}; its functions are not built. Write the path of the child template to build them.", templatePath, location.Line, location.Column);
                    reference.LeftAlone = $"{property} of {shownId} is computed by CloudFormation";
                }
                else
                {
                    diagnostics.Error(DiagnosticCodes.NestedLocationInvalid, $"{property} of {shownId} {problem}; write the child template's path or URL.", templatePath, location.Line, location.Column);
                }
                return reference;
            }
            value = value.Trim();
            if (IsRemote(value))
            {
                reference.LeftAlone = $"{property} of {shownId} is the remote template {MessageText.Shorten(value)}";
                return reference;
            }
            string full;
            try
            {
                string path = value.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? new Uri(value).LocalPath : value;
                full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(templatePath))!, path));
            }
            catch (Exception ex) when (ex is ArgumentException || ex is UriFormatException || ex is NotSupportedException || ex is PathTooLongException)
            {
                diagnostics.Error(DiagnosticCodes.NestedLocationInvalid, $"{property} '{MessageText.Shorten(value)}' of {shownId} is not a valid path ({ex.Message}).", templatePath, location.Line, location.Column);
                return reference;
            }
            if (Directory.Exists(full))
            {
                diagnostics.Error(DiagnosticCodes.NestedTemplateNotFound, $"{property} '{MessageText.Shorten(value)}' of {shownId} is a folder ({MessageText.Shorten(full)}); it must be the child template file, e.g. {MessageText.Shorten(value.TrimEnd('/'))}/template.yaml.", templatePath, location.Line, location.Column);
                return reference;
            }
            if (!File.Exists(full))
            {
                diagnostics.Error(DiagnosticCodes.NestedTemplateNotFound, $"{property} '{MessageText.Shorten(value)}' of {shownId} points at {MessageText.Shorten(full)}, which does not exist; it must be the child template, relative to this template.", templatePath, location.Line, location.Column);
                return reference;
            }
            reference.TemplatePath = full;
            reference.Parameters = ReadParameters(properties!["Parameters"], resolver);
            return reference;
        }

        /// <summary>sam build's rule: these schemes are CloudFormation's to fetch.</summary>
        public static bool IsRemote(string location) =>
            new[] { "s3://", "http://", "https://" }.Any(prefix => location.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));

        /// <summary>
        /// The values passed to the child: strings, lists (a comma-delimited value, as CloudFormation passes them) and
        /// intrinsics over the parent's parameters. One only CloudFormation can compute (!GetAtt …) is not passed, so the
        /// child's Default applies, as it does in `sam build`'s local view.
        /// </summary>
        private static IReadOnlyDictionary<string, string> ReadParameters(YamlNodeBase? node, IntrinsicResolver resolver)
        {
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            if (node is not YamlMapping mapping)
            {
                return parameters;
            }
            foreach (var entry in mapping.Entries)
            {
                string? value = entry.Value is YamlSequence
                    ? resolver.ResolveList(entry.Value, out _) is { } list ? string.Join(",", list) : null
                    : resolver.ResolveString(entry.Value, out _);
                if (value != null)
                {
                    parameters[entry.Key.Value] = value;
                }
            }
            return parameters;
        }
    }
}
