using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Parsing;
using Tomlyn.Serialization;

namespace RustLambda.Build.Toml
{
    /// <summary>Parses TOML the way cargo and SAM do: a key or table defined twice is an error, not last-one-wins.</summary>
    internal static class StrictToml
    {
        /// <exception cref="TomlException">With the position of the first problem.</exception>
        public static TomlTable Parse(string text, TomlMetadataStore positions)
        {
            var table = TomlSerializer.Deserialize<TomlTable>(text, new TomlSerializerOptions { MetadataStore = positions }) ?? new TomlTable();
            // Tomlyn's deserializer keeps the last of two equal keys silently; its syntax validation reports them with the position.
            SyntaxParser.ParseStrict(text, null, true);
            return table;
        }
    }
}
