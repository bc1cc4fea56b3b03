using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace RustLambda.LocalServer.Events
{
    /// <summary>When a request body goes to the function as base64 (`isBase64Encoded: true`), per API Gateway's rules.</summary>
    public static class MediaTypes
    {
        private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

        /// <summary>REST APIs: only when the request's Content-Type is one of the API's BinaryMediaTypes (wildcards allowed).</summary>
        public static bool IsBinaryForRestApi(string? contentType, IReadOnlyCollection<string> binaryMediaTypes)
        {
            string? type = Essence(contentType);
            if (type == null)
            {
                return false;
            }
            return binaryMediaTypes.Any(pattern => Matches(type, pattern.Trim().ToLowerInvariant()));
        }

        /// <summary>HTTP APIs and Function URLs: anything that is not text (or is not valid UTF-8) is sent as base64.</summary>
        public static bool IsBinaryForHttpApi(string? contentType, byte[] body)
        {
            string? type = Essence(contentType);
            bool textual = type == null || type.StartsWith("text/", StringComparison.Ordinal)
                || type is "application/json" or "application/javascript" or "application/xml" or "application/yaml"
                    or "application/x-www-form-urlencoded" or "application/graphql" or "application/ecmascript"
                || type.EndsWith("+json", StringComparison.Ordinal) || type.EndsWith("+xml", StringComparison.Ordinal);
            return !textual || !IsUtf8(body);
        }

        public static bool IsUtf8(byte[] body)
        {
            try
            {
                StrictUtf8.GetCharCount(body);
                return true;
            }
            catch (DecoderFallbackException)
            {
                return false;
            }
        }

        private static string? Essence(string? contentType)
        {
            if (string.IsNullOrWhiteSpace(contentType))
            {
                return null;
            }
            int semicolon = contentType.IndexOf(';');
            return (semicolon < 0 ? contentType : contentType.Substring(0, semicolon)).Trim().ToLowerInvariant();
        }

        private static bool Matches(string type, string pattern)
        {
            if (pattern == "*/*" || pattern == type)
            {
                return true;
            }
            return pattern.EndsWith("/*", StringComparison.Ordinal) && type.StartsWith(pattern.Substring(0, pattern.Length - 1), StringComparison.Ordinal);
        }
    }
}
