using System;
using System.IO;
using System.Text;
using System.Text.Json;

namespace RustLambda.Hosting.RuntimeApi
{
    /// <summary>The error documents of the Runtime API and of Lambda's invoke.</summary>
    internal static class LambdaJson
    {
        /// <summary><c>{"errorMessage":...,"errorType":...}</c>, the shape Lambda uses for every error it reports.</summary>
        public static string Error(string errorType, string errorMessage)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("errorMessage", errorMessage);
                writer.WriteString("errorType", errorType);
                writer.WriteEndObject();
            }
            return Encoding.UTF8.GetString(buffer.ToArray());
        }

        /// <summary>
        /// Reads what a runtime posted to <c>/invocation/{id}/error</c> or <c>/init/error</c>: <c>errorType</c> and
        /// <c>errorMessage</c> from the JSON body, the type falling back to the <c>Lambda-Runtime-Function-Error-Type</c>
        /// header, the message to the body's text when the body is not a JSON error object.
        /// </summary>
        public static ReportedError ParseReportedError(byte[] body, string? errorTypeHeader)
        {
            string text = DecodeUtf8(body);
            string? type = null;
            string? message = null;
            bool isJsonObject = false;
            try
            {
                using var document = JsonDocument.Parse(body);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    isJsonObject = true;
                    type = StringProperty(document.RootElement, "errorType");
                    message = StringProperty(document.RootElement, "errorMessage");
                }
            }
            catch (JsonException)
            {
            }

            if (string.IsNullOrEmpty(type))
            {
                type = string.IsNullOrWhiteSpace(errorTypeHeader) ? null : errorTypeHeader!.Trim();
            }
            if (message == null && !isJsonObject && text.Trim().Length > 0)
            {
                message = text.Trim();
            }

            // Lambda builds the error from the header when the runtime sends no payload.
            string errorBody = text.Trim().Length > 0 ? text : Error(type ?? "Unhandled", message ?? string.Empty);
            return new ReportedError(type ?? "Unhandled", message, errorBody);
        }

        public static string DecodeUtf8(byte[] bytes) => new UTF8Encoding(false, false).GetString(bytes);

        private static string? StringProperty(JsonElement element, string name)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (string.Equals(property.Name, name, StringComparison.Ordinal))
                {
                    return property.Value.ValueKind switch
                    {
                        JsonValueKind.String => property.Value.GetString(),
                        JsonValueKind.Null => null,
                        _ => property.Value.GetRawText(),
                    };
                }
            }
            return null;
        }
    }
}
