using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RustLambda.Build.Diagnostics;
using RustLambda.Build.Yaml;

namespace RustLambda.Build.Template
{
    /// <summary>
    /// Reads what a template serves over HTTP, for the local server: the `Api` and `HttpApi` events of its rust-cargolambda
    /// functions, their `FunctionUrlConfig`, and the AWS::Serverless::Api / HttpApi resources those events name, with Globals
    /// and parameters resolved as in a build. A problem here never fails the build: the event is left unmounted with a
    /// warning (RL0100, RL0101) naming the line, since only the local server needs it.
    /// </summary>
    public sealed class SamApiReader
    {
        private static readonly HashSet<string> Methods = new HashSet<string>(StringComparer.Ordinal) { "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY" };

        private readonly DiagnosticBag _diagnostics;
        private string _path = "";
        private IntrinsicResolver _resolver = new IntrinsicResolver(new Dictionary<string, TemplateParameter>());

        public SamApiReader(DiagnosticBag diagnostics) => _diagnostics = diagnostics;

        /// <param name="functionIds">The functions being served (the build's selection); events of other functions are skipped.</param>
        public SamApiSet Read(string templatePath, IReadOnlyDictionary<string, string> parameterOverrides, IReadOnlyCollection<string> functionIds)
        {
            _path = templatePath;
            var result = new SamApiSet();
            // The build has read and checked this template already; a template it could not read never gets here.
            if (YamlDocumentReader.Parse(File.ReadAllText(templatePath)) is not YamlMapping document || document["Resources"] is not YamlMapping resources)
            {
                return result;
            }
            _resolver = new IntrinsicResolver(ReadParameters(document["Parameters"] as YamlMapping, parameterOverrides));
            var globals = document["Globals"] as YamlMapping;

            var explicitApis = new Dictionary<string, SamApi>(StringComparer.Ordinal);
            foreach (var entry in resources.Entries)
            {
                if (entry.Value is YamlMapping resource && (resource["Type"] as YamlScalar)?.Value is { } type
                    && (type == "AWS::Serverless::Api" || type == "AWS::Serverless::HttpApi"))
                {
                    var kind = type == "AWS::Serverless::Api" ? SamApiKind.Rest : SamApiKind.Http;
                    explicitApis[entry.Key.Value] = ReadApi(entry.Key.Value, kind, resource["Properties"] as YamlMapping, globals, isImplicit: false);
                }
            }

            var used = new HashSet<string>(StringComparer.Ordinal);
            var functionGlobals = globals?["Function"] as YamlMapping;
            foreach (var entry in resources.Entries)
            {
                if (!functionIds.Contains(entry.Key.Value) || entry.Value is not YamlMapping resource)
                {
                    continue;
                }
                var properties = resource["Properties"] as YamlMapping;
                if ((properties?["FunctionUrlConfig"] ?? functionGlobals?["FunctionUrlConfig"]) is YamlMapping urlConfig)
                {
                    result.FunctionUrls.Add(new SamFunctionUrl
                    {
                        FunctionLogicalId = entry.Key.Value,
                        AuthType = Resolve(urlConfig["AuthType"]) ?? "NONE",
                        InvokeMode = Resolve(urlConfig["InvokeMode"]) ?? "BUFFERED",
                    });
                }
                if (properties?["Events"] is not YamlMapping events)
                {
                    continue;
                }
                foreach (var eventEntry in events.Entries)
                {
                    if (ReadRoute(entry.Key.Value, eventEntry.Key, eventEntry.Value as YamlMapping, explicitApis) is { } route)
                    {
                        result.Routes.Add(route);
                        used.Add(route.ApiLogicalId);
                    }
                }
            }

            foreach (var id in new[] { SamApi.ImplicitRestApiId, SamApi.ImplicitHttpApiId })
            {
                if (used.Contains(id) && !explicitApis.ContainsKey(id))
                {
                    var kind = id == SamApi.ImplicitRestApiId ? SamApiKind.Rest : SamApiKind.Http;
                    result.Apis.Add(ReadApi(id, kind, null, globals, isImplicit: true));
                }
            }
            result.Apis.AddRange(explicitApis.Values.Where(api => used.Contains(api.LogicalId)));
            return result;
        }

        private SamApi ReadApi(string logicalId, SamApiKind kind, YamlMapping? properties, YamlMapping? globals, bool isImplicit)
        {
            var defaults = globals?[kind == SamApiKind.Rest ? "Api" : "HttpApi"] as YamlMapping;
            YamlNodeBase? Property(string name) => properties?[name] ?? defaults?[name];
            var api = new SamApi
            {
                LogicalId = logicalId,
                Kind = kind,
                IsImplicit = isImplicit,
                // SAM's implicit REST API deploys to a stage named Prod; an HTTP API without StageName uses $default.
                StageName = Resolve(Property("StageName")) ?? (kind == SamApiKind.Rest ? "Prod" : "$default"),
            };
            if (kind == SamApiKind.Rest && Property("BinaryMediaTypes") is { } binary && _resolver.ResolveList(binary, out _) is { } types)
            {
                // CloudFormation writes a slash in a media type as ~1 (a JSON pointer escape); SAM accepts both.
                api.BinaryMediaTypes.AddRange(types.Select(t => t.Replace("~1", "/")));
            }
            // Maps merge key by key, the API's own winning: SAM's Globals rule.
            string variablesName = kind == SamApiKind.Rest ? "Variables" : "StageVariables";
            foreach (var variables in new[] { defaults?[variablesName] as YamlMapping, properties?[variablesName] as YamlMapping })
            {
                foreach (var variable in variables?.Entries ?? new List<KeyValuePair<YamlScalar, YamlNodeBase>>())
                {
                    if (Resolve(variable.Value) is { } value)
                    {
                        api.StageVariables[variable.Key.Value] = value;
                    }
                }
            }
            return api;
        }

        private SamApiRoute? ReadRoute(string functionId, YamlScalar eventName, YamlMapping? definition, Dictionary<string, SamApi> explicitApis)
        {
            string? type = Resolve(definition?["Type"]);
            if (definition == null || (type != "Api" && type != "HttpApi"))
            {
                return null;
            }
            var kind = type == "Api" ? SamApiKind.Rest : SamApiKind.Http;
            var properties = definition["Properties"] as YamlMapping;
            string where = $"{functionId}.Events.{eventName.Value}";
            string? path = Resolve(properties?["Path"]);
            string? method = Resolve(properties?["Method"])?.Trim().ToUpperInvariant();
            if (kind == SamApiKind.Http && path == null && method == null)
            {
                path = "$default";
                method = "ANY";
            }
            if (path == null || method == null)
            {
                Warn(DiagnosticCodes.UnservableEvent, (YamlNodeBase?)properties ?? eventName, $"{where} ({type}) needs both Path and Method; the local server does not mount it. Add e.g. `Path: /items` and `Method: get`.");
                return null;
            }
            if (path != "$default" && !path.StartsWith("/", StringComparison.Ordinal))
            {
                Warn(DiagnosticCodes.UnservableEvent, properties?["Path"] ?? eventName, $"{where} has Path '{MessageText.Shorten(path)}', which does not start with '/'; the local server does not mount it. Write `Path: /{MessageText.Shorten(path)}`.");
                return null;
            }
            if (!Methods.Contains(method))
            {
                Warn(DiagnosticCodes.UnservableEvent, properties?["Method"] ?? eventName, $"{where} has Method '{MessageText.Shorten(method)}', which API Gateway does not have; the local server does not mount it. Use one of {string.Join(", ", Methods.Select(m => m.ToLowerInvariant()))}.");
                return null;
            }

            string apiId = kind == SamApiKind.Rest ? SamApi.ImplicitRestApiId : SamApi.ImplicitHttpApiId;
            var apiNode = properties?[kind == SamApiKind.Rest ? "RestApiId" : "ApiId"];
            if (apiNode != null)
            {
                // `!Ref MyApi` names a resource, which the parameter resolver does not know: take the name itself.
                var (intrinsic, argument) = IntrinsicResolver.Intrinsic(apiNode);
                string? named = intrinsic == "Ref" ? (argument as YamlScalar)?.Value : intrinsic == null ? (apiNode as YamlScalar)?.Value : null;
                if (named == null || !explicitApis.TryGetValue(named, out var api) || api.Kind != kind)
                {
                    string expected = kind == SamApiKind.Rest ? "AWS::Serverless::Api" : "AWS::Serverless::HttpApi";
                    Warn(DiagnosticCodes.UnknownEventApi, apiNode, $"{where} names {(named == null ? "an API" : $"'{MessageText.Shorten(named)}'")} as its {(kind == SamApiKind.Rest ? "RestApiId" : "ApiId")}, which is not an {expected} resource of this template; the local server does not mount it. Use `!Ref` to an {expected} in the template.");
                    return null;
                }
                apiId = named;
            }

            string payload = "1.0";
            if (kind == SamApiKind.Http)
            {
                payload = Resolve(properties?["PayloadFormatVersion"]) ?? "2.0";
                if (payload != "1.0" && payload != "2.0")
                {
                    Warn(DiagnosticCodes.UnservableEvent, properties!["PayloadFormatVersion"]!, $"{where} has PayloadFormatVersion '{MessageText.Shorten(payload)}'; HTTP APIs know \"1.0\" and \"2.0\". The local server uses 2.0.");
                    payload = "2.0";
                }
            }
            return new SamApiRoute
            {
                FunctionLogicalId = functionId,
                EventName = eventName.Value,
                ApiLogicalId = apiId,
                Kind = kind,
                Path = path,
                Method = method,
                PayloadFormatVersion = payload,
                Line = eventName.Line,
            };
        }

        // The build's rule, from TemplateParameter: the override, else the parameter's Default.
        private static Dictionary<string, TemplateParameter> ReadParameters(YamlMapping? parameters, IReadOnlyDictionary<string, string> overrides)
        {
            var result = new Dictionary<string, TemplateParameter>(StringComparer.Ordinal);
            foreach (var entry in parameters?.Entries ?? new List<KeyValuePair<YamlScalar, YamlNodeBase>>())
            {
                result[entry.Key.Value] = TemplateParameter.FromDeclaration(entry.Key, entry.Value as YamlMapping, overrides);
            }
            return result;
        }

        private string? Resolve(YamlNodeBase? node) => node == null || node is YamlScalar { IsNull: true } ? null : _resolver.ResolveString(node, out _);

        private void Warn(string code, YamlNodeBase at, string message) => _diagnostics.Warning(code, message, _path, at.Line, at.Column);
    }
}
