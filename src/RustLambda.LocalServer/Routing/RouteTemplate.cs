using System;
using System.Collections.Generic;
using System.Linq;

namespace RustLambda.LocalServer.Routing
{
    /// <summary>
    /// An API Gateway resource path: literal segments, `{name}` variables (one segment) and a final greedy `{name+}`
    /// (one or more segments), or `$default` (an HTTP API's catch-all).
    /// </summary>
    public sealed class RouteTemplate
    {
        private enum SegmentKind
        {
            Literal = 0,
            Variable = 1,
            Greedy = 2,
        }

        private readonly (SegmentKind Kind, string Text)[] _segments;

        private RouteTemplate(string text, (SegmentKind, string)[] segments, bool isDefault)
        {
            Text = text;
            _segments = segments;
            IsDefault = isDefault;
        }

        public string Text { get; }
        public bool IsDefault { get; }

        public static RouteTemplate Parse(string path)
        {
            if (path == "$default")
            {
                return new RouteTemplate(path, Array.Empty<(SegmentKind, string)>(), isDefault: true);
            }
            var segments = Split(path).Select(segment =>
            {
                if (segment.Length > 2 && segment[0] == '{' && segment[segment.Length - 1] == '}')
                {
                    string name = segment.Substring(1, segment.Length - 2);
                    return name.EndsWith("+", StringComparison.Ordinal)
                        ? (SegmentKind.Greedy, name.Substring(0, name.Length - 1))
                        : (SegmentKind.Variable, name);
                }
                return (SegmentKind.Literal, segment);
            }).ToArray();
            return new RouteTemplate(path, segments, isDefault: false);
        }

        /// <summary>Matches a decoded request path; on success the path parameters (null when the route has none).</summary>
        public bool TryMatch(string path, out Dictionary<string, string>? parameters)
        {
            parameters = null;
            if (IsDefault)
            {
                return true;
            }
            var parts = Split(path);
            var found = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int i = 0; i < _segments.Length; i++)
            {
                var (kind, text) = _segments[i];
                if (kind == SegmentKind.Greedy)
                {
                    // A greedy variable takes one or more segments: `/{proxy+}` does not match `/`.
                    if (i >= parts.Count)
                    {
                        return false;
                    }
                    found[text] = string.Join("/", parts.Skip(i));
                    parameters = found;
                    return true;
                }
                if (i >= parts.Count)
                {
                    return false;
                }
                if (kind == SegmentKind.Literal)
                {
                    if (!string.Equals(text, parts[i], StringComparison.Ordinal))
                    {
                        return false;
                    }
                }
                else
                {
                    found[text] = parts[i];
                }
            }
            if (parts.Count != _segments.Length)
            {
                return false;
            }
            parameters = found.Count > 0 ? found : null;
            return true;
        }

        /// <summary>
        /// API Gateway's precedence between two templates that both match: segment by segment, a literal beats a variable,
        /// which beats a greedy variable; then the longer (more specific) template; `$default` comes last. Negative when this
        /// one wins.
        /// </summary>
        public int CompareSpecificity(RouteTemplate other)
        {
            if (IsDefault || other.IsDefault)
            {
                return IsDefault.CompareTo(other.IsDefault);
            }
            for (int i = 0; i < Math.Min(_segments.Length, other._segments.Length); i++)
            {
                int byKind = _segments[i].Kind.CompareTo(other._segments[i].Kind);
                if (byKind != 0)
                {
                    return byKind;
                }
            }
            return other._segments.Length.CompareTo(_segments.Length);
        }

        private static List<string> Split(string path) =>
            path.Split('/', StringSplitOptions.RemoveEmptyEntries).ToList();
    }
}
