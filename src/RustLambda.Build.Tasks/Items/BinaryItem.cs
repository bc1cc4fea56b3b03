using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace RustLambda.Build.Tasks.Items
{
    /// <summary>A binary RunRustLambdaCargo produced (ItemSpec = its path), tagged with the invocation and binary name it is for.</summary>
    public sealed class BinaryItem
    {
        public BinaryItem(string path, string binary, string invocationId)
        {
            Path = path;
            Binary = binary;
            InvocationId = invocationId;
        }

        public string Path { get; }
        public string Binary { get; }
        public string InvocationId { get; }

        public ITaskItem ToItem()
        {
            var item = new TaskItem(Path);
            item.SetMetadata(MetadataKeys.Binary, Binary);
            item.SetMetadata(MetadataKeys.InvocationId, InvocationId);
            return item;
        }

        public static BinaryItem FromItem(ITaskItem item) =>
            new BinaryItem(item.ItemSpec, item.GetMetadata(MetadataKeys.Binary), item.GetMetadata(MetadataKeys.InvocationId));
    }
}
