using System;
using System.IO;
using System.Runtime.InteropServices;

namespace RustLambda.Build.IO
{
    /// <summary>
    /// Hard links: the SAM layout's bootstrap is the checked binary itself, not a second copy of up to 250 MB. .NET has no
    /// API for hard links (File.CreateSymbolicLink makes symbolic ones, which `sam deploy` would follow out of the folder
    /// and a later build would change under it), so this calls link(2) / CreateHardLinkW. Callers fall back to a copy
    /// whenever linking fails (another file system, FAT, a platform without it).
    /// </summary>
    public static class FileLink
    {
        /// <summary>Makes <paramref name="link"/> a new name of <paramref name="existing"/>; false (and nothing created) when it cannot.</summary>
        public static bool TryCreateHardLink(string existing, string link)
        {
            try
            {
                if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                {
                    return CreateHardLinkW(link, existing, IntPtr.Zero);
                }
                return LinkUnix(existing, link) == 0;
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
            {
                return false;
            }
        }

        [DllImport("libc", EntryPoint = "link", SetLastError = true)]
        private static extern int LinkUnix([MarshalAs(UnmanagedType.LPUTF8Str)] string existing, [MarshalAs(UnmanagedType.LPUTF8Str)] string link);

        [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        private static extern bool CreateHardLinkW(string link, string existing, IntPtr securityAttributes);
    }
}
