using System;

namespace RustLambda.Build.Yaml
{
    /// <summary>Thrown for input that is not a well-formed template document; carries the position.</summary>
    public sealed class YamlDocumentException : Exception
    {
        public YamlDocumentException(string message, int line, int column) : base(message)
        {
            Line = line;
            Column = column;
        }

        public int Line { get; }
        public int Column { get; }
    }
}
