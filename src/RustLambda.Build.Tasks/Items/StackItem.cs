using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using RustLambda.Build.Template;

namespace RustLambda.Build.Tasks.Items
{
    /// <summary>
    /// A template of the build as it travels from ResolveRustLambdaBuild (Stacks) to WriteSamBuildOutput and publish: the
    /// root's or a local nested application's, ItemSpec its path, with its stack path and its local nested applications.
    /// </summary>
    public static class StackItem
    {
        public static ITaskItem ToItem(SamStack stack)
        {
            var item = new TaskItem(stack.TemplatePath);
            item.SetMetadata(MetadataKeys.StackPath, stack.StackPath);
            item.SetMetadata(MetadataKeys.NestedStacks, ArgumentList.Encode(stack.Children.Select(c => c.LogicalId)));
            return item;
        }

        public static SamBuildStackTemplate FromItem(ITaskItem item) =>
            new SamBuildStackTemplate(item.ItemSpec, item.GetMetadata(MetadataKeys.StackPath), ArgumentList.Decode(item.GetMetadata(MetadataKeys.NestedStacks)));
    }
}
