namespace RustLambda.Build.Yaml
{
    /// <summary>A node of a parsed template with its 1-based position and CloudFormation short-form tag (e.g. <c>!Ref</c>).</summary>
    public abstract class YamlNodeBase
    {
        protected YamlNodeBase(int line, int column, string? tag)
        {
            Line = line;
            Column = column;
            Tag = tag;
        }

        public int Line { get; }
        public int Column { get; }

        /// <summary>The short-form tag as written (<c>!Ref</c>, <c>!GetAtt</c>, …), or null for plain nodes.</summary>
        public string? Tag { get; }

        public abstract string KindName { get; }
    }
}
