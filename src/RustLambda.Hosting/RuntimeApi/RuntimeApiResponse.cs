using System;
using System.Collections.Generic;
using System.Text;

namespace RustLambda.Hosting.RuntimeApi
{
    /// <summary>An HTTP response to write back; always sent with a Content-Length.</summary>
    internal sealed class RuntimeApiResponse
    {
        public RuntimeApiResponse(int status, byte[]? body = null, string? contentType = null)
        {
            Status = status;
            Body = body ?? Array.Empty<byte>();
            if (contentType != null)
            {
                Headers.Add(new KeyValuePair<string, string>("Content-Type", contentType));
            }
        }

        public int Status { get; }

        public byte[] Body { get; }

        public List<KeyValuePair<string, string>> Headers { get; } = new List<KeyValuePair<string, string>>();

        /// <summary>Close the connection after this response.</summary>
        public bool Close { get; set; }

        /// <summary>Called when the response could not be written (the client went away), so that what it carried is not lost.</summary>
        public Action? OnSendFailed { get; set; }

        public static RuntimeApiResponse Json(int status, string json) => new RuntimeApiResponse(status, Encoding.UTF8.GetBytes(json), "application/json");

        /// <summary>An error in Lambda's format: <c>{"errorMessage":"...","errorType":"..."}</c>.</summary>
        public static RuntimeApiResponse Error(int status, string errorType, string errorMessage) => Json(status, LambdaJson.Error(errorType, errorMessage));

        /// <summary>202 with the body Lambda answers to accepted posts.</summary>
        public static RuntimeApiResponse Accepted() => Json(202, "{\"status\":\"OK\"}");

        public static string ReasonPhrase(int status) => status switch
        {
            100 => "Continue",
            200 => "OK",
            202 => "Accepted",
            400 => "Bad Request",
            403 => "Forbidden",
            404 => "Not Found",
            405 => "Method Not Allowed",
            408 => "Request Timeout",
            411 => "Length Required",
            413 => "Payload Too Large",
            431 => "Request Header Fields Too Large",
            500 => "Internal Server Error",
            501 => "Not Implemented",
            505 => "HTTP Version Not Supported",
            _ => "Status",
        };
    }
}
