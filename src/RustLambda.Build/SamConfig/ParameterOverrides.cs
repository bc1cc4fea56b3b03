using System;
using System.Collections.Generic;
using System.Text;
using RustLambda.Build.Diagnostics;

namespace RustLambda.Build.SamConfig
{
    /// <summary>
    /// Parses SamParameterOverrides the way `sam build --parameter-overrides` accepts it: space-separated
    /// <c>Key=Value</c> pairs, values optionally quoted ("a b" or 'a b'), or CloudFormation's
    /// <c>ParameterKey=Key,ParameterValue=Value</c> form.
    /// </summary>
    public static class ParameterOverrides
    {
        public static Dictionary<string, string> Parse(string? text, DiagnosticBag diagnostics)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            if (string.IsNullOrWhiteSpace(text))
            {
                return result;
            }
            foreach (var token in Tokenize(text!, diagnostics))
            {
                if (token.StartsWith("ParameterKey=", StringComparison.Ordinal))
                {
                    int comma = token.IndexOf(",ParameterValue=", StringComparison.Ordinal);
                    if (comma < 0)
                    {
                        diagnostics.Error(DiagnosticCodes.InvalidParameterOverrides, $"SamParameterOverrides has '{token}', which lacks ',ParameterValue='; write ParameterKey=Name,ParameterValue=value or Name=value.");
                        continue;
                    }
                    if (comma == 13)
                    {
                        diagnostics.Error(DiagnosticCodes.InvalidParameterOverrides, $"SamParameterOverrides has '{token}', whose ParameterKey is empty; write ParameterKey=Name,ParameterValue=value or Name=value.");
                        continue;
                    }
                    result[token.Substring(13, comma - 13)] = token.Substring(comma + 16);
                    continue;
                }
                int equals = token.IndexOf('=');
                if (equals <= 0)
                {
                    diagnostics.Error(DiagnosticCodes.InvalidParameterOverrides, $"SamParameterOverrides has '{token}', which is not Name=value; separate pairs with spaces and quote values that contain spaces, e.g. Stage=dev Greeting=\"hello world\".");
                    continue;
                }
                result[token.Substring(0, equals)] = token.Substring(equals + 1);
            }
            return result;
        }

        private static IEnumerable<string> Tokenize(string text, DiagnosticBag diagnostics)
        {
            var current = new StringBuilder();
            char quote = '\0';
            bool inToken = false;
            foreach (char c in text)
            {
                if (quote != '\0')
                {
                    if (c == quote)
                    {
                        quote = '\0';
                    }
                    else
                    {
                        current.Append(c);
                    }
                }
                else if (c == '"' || c == '\'')
                {
                    quote = c;
                    inToken = true;
                }
                else if (char.IsWhiteSpace(c))
                {
                    if (inToken)
                    {
                        yield return current.ToString();
                        current.Clear();
                        inToken = false;
                    }
                }
                else
                {
                    current.Append(c);
                    inToken = true;
                }
            }
            if (quote != '\0')
            {
                diagnostics.Error(DiagnosticCodes.InvalidParameterOverrides, $"SamParameterOverrides has an unclosed {quote} quote; close it, e.g. Greeting=\"hello world\".");
            }
            else if (inToken)
            {
                yield return current.ToString();
            }
        }
    }
}
