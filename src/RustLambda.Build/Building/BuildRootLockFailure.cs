namespace RustLambda.Build.Building
{
    /// <summary>Why <see cref="BuildRootLock.Acquire"/> returned no lock.</summary>
    public enum BuildRootLockFailure
    {
        None,
        Cancelled,
        TimedOut,
        Unusable,
    }
}
