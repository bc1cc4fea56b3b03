using System.Text.Encodings.Web;
using System.Text.Json;

namespace RustLambda.LocalServer.Events
{
    /// <summary>
    /// How events and errors are serialized: `&amp;`, `+` and `&lt;` stay as they are (API Gateway does not escape them);
    /// the result is only ever parsed as JSON, never embedded in HTML.
    /// </summary>
    public static class EventJson
    {
        public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    }
}
