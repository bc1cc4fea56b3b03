using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using RustLambda.Build.IO;

namespace RustLambda.Build.Tasks.Items
{
    /// <summary>
    /// A file a task wrote (PackageRustLambdaFunctions', WriteSamBuildOutput's WrittenFiles; ItemSpec = its path), with the
    /// <see cref="FileStamp"/> the task took right after writing it, so RecordRustLambdaOutputs need not hash it again.
    /// </summary>
    public static class WrittenFileItem
    {
        public static ITaskItem ToItem(string path, FileStamp? stamp)
        {
            var item = new TaskItem(path);
            if (stamp != null)
            {
                item.SetMetadata(MetadataKeys.Stamp, stamp.ToString());
            }
            return item;
        }

        /// <summary>The stamp the writer took; null when it took none (or the item came from elsewhere).</summary>
        public static FileStamp? StampOf(ITaskItem item) => FileStamp.Parse(item.GetMetadata(MetadataKeys.Stamp));
    }
}
