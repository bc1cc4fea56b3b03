using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using RustLambda.Build.IO;

namespace RustLambda.Build.Serving
{
    /// <summary>Reads and writes <see cref="LocalServerManifest"/> as JSON (camelCase, enums as strings).</summary>
    public static class LocalServerManifestFile
    {
        private static readonly JsonSerializerOptions Options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = true,
            Converters = { new JsonStringEnumConverter() },
        };

        public static string Serialize(LocalServerManifest manifest) => JsonSerializer.Serialize(manifest, Options);

        public static LocalServerManifest Deserialize(string json) =>
            JsonSerializer.Deserialize<LocalServerManifest>(json, Options) ?? throw new JsonException("The manifest is empty (null).");

        /// <summary>Writes only when the content changes, through a temporary file, so a reader never sees half a manifest.</summary>
        public static bool Write(string path, LocalServerManifest manifest)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            return AtomicFile.WriteTextIfChanged(path, Serialize(manifest));
        }

        public static LocalServerManifest Read(string path) => Deserialize(File.ReadAllText(path, Encoding.UTF8));
    }
}
