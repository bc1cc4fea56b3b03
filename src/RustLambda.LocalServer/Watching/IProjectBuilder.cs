using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace RustLambda.LocalServer.Watching
{
    /// <summary>Builds the functions project through the SDK's targets; errors and warnings go to the console.</summary>
    public interface IProjectBuilder
    {
        /// <summary>What this builder is, for the console (`in-process MSBuild 18.0.5`, `dotnet build`).</summary>
        string Description { get; }

        /// <param name="changed">The files whose change triggered the build.</param>
        /// <returns>True when the build succeeded.</returns>
        Task<bool> BuildAsync(IReadOnlyCollection<string> changed, CancellationToken ct);

        /// <summary>Where the last build's time went (evaluation, targets), when this builder knows; printed after `Rebuilt in`.</summary>
        string? LastProfile { get; }
    }
}
