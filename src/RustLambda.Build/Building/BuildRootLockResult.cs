namespace RustLambda.Build.Building
{
    /// <summary>The lock, or why there is none and which lock file it was.</summary>
    public sealed class BuildRootLockResult
    {
        private BuildRootLockResult(BuildRootLock? buildLock, BuildRootLockFailure failure, string path, string? reason)
        {
            Lock = buildLock;
            Failure = failure;
            LockPath = path;
            Reason = reason;
        }

        public BuildRootLock? Lock { get; }
        public BuildRootLockFailure Failure { get; }
        public string LockPath { get; }
        public string? Reason { get; }

        public static BuildRootLockResult Acquired(BuildRootLock buildLock, string path) => new BuildRootLockResult(buildLock, BuildRootLockFailure.None, path, null);

        public static BuildRootLockResult Failed(BuildRootLockFailure failure, string path, string reason) => new BuildRootLockResult(null, failure, path, reason);
    }
}
