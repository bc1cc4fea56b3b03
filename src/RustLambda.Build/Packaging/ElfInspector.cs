using System;
using System.Collections.Generic;
using System.IO;
using RustLambda.Build.Model;

namespace RustLambda.Build.Packaging
{
    /// <summary>
    /// Reads the few parts of an ELF file the artifact checks need: the file header, the program and section header
    /// tables, the GNU version-needs section (.gnu.version_r) and the string table it links to (.dynstr).
    /// Written here rather than with ELFSharp (used before): ELFReader parses every section and symbol up front, ~4 ms
    /// per Rust binary, which made the checks of a 50-function build cost ~200 ms (docs/performance.md); this reads a
    /// few kilobytes. ELFSharp also never decoded .gnu.version_r, which was hand-read already.
    /// </summary>
    public static class ElfInspector
    {
        private const int ExecutableType = 2, SharedObjectType = 3;
        private const uint DynamicSectionType = 6, VersionNeedsSectionType = 0x6ffffffe;
        private const uint DynamicSegmentType = 2;
        private const int MaxTableBytes = 16 * 1024 * 1024;

        public static ElfFacts Inspect(string path)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.RandomAccess);
            byte[] header = new byte[64];
            int read = ReadAt(stream, 0, header, header.Length);
            if (read < 16 || header[0] != 0x7f || header[1] != (byte)'E' || header[2] != (byte)'L' || header[3] != (byte)'F')
            {
                return new ElfFacts { IsElf = false, NotElfReason = Describe(header, read) };
            }
            try
            {
                return Read(stream, header, read);
            }
            catch (InvalidDataException)
            {
                return new ElfFacts { IsElf = false, NotElfReason = "a damaged or unsupported ELF file" };
            }
        }

        private static ElfFacts Read(FileStream stream, byte[] header, int headerLength)
        {
            bool is64 = header[4] switch { 1 => false, 2 => true, _ => throw new InvalidDataException() };
            bool bigEndian = header[5] switch { 1 => false, 2 => true, _ => throw new InvalidDataException() };
            if (headerLength < (is64 ? 64 : 52))
            {
                throw new InvalidDataException();
            }
            var e = new Fields(header, bigEndian);
            int type = e.U16(16);
            int machine = e.U16(18);
            long programTable = is64 ? e.U64(32) : e.U32(28);
            long sectionTable = is64 ? e.U64(40) : e.U32(32);
            int programEntry = e.U16(is64 ? 54 : 42), programCount = e.U16(is64 ? 56 : 44);
            int sectionEntry = e.U16(is64 ? 58 : 46), sectionCount = e.U16(is64 ? 60 : 48);

            var facts = new ElfFacts
            {
                IsElf = true,
                OsAbi = header[7],
                IsExecutable = type == ExecutableType || type == SharedObjectType,
                Architecture = LambdaArchitectures.FromElfMachine((ushort)machine)?.Name ?? MachineName(machine),
            };

            if (programCount > 0 && programTable > 0)
            {
                var programs = new Fields(ReadTable(stream, programTable, programEntry, programCount, minimumEntry: is64 ? 56 : 32), bigEndian);
                for (int i = 0; i < programCount && !facts.IsDynamic; i++)
                {
                    facts.IsDynamic = programs.U32(i * programEntry) == DynamicSegmentType;
                }
            }

            if (sectionTable > 0 && sectionEntry > 0)
            {
                int minimumEntry = is64 ? 64 : 40;
                if (sectionCount == 0)
                {
                    // More than 0xff00 sections: the real count is section 0's sh_size (ELF's extended numbering).
                    var first = new Fields(ReadTable(stream, sectionTable, sectionEntry, 1, minimumEntry), bigEndian);
                    sectionCount = checked((int)Math.Min(is64 ? first.U64(32) : first.U32(20), MaxTableBytes / minimumEntry));
                }
                var sections = new Fields(ReadTable(stream, sectionTable, sectionEntry, sectionCount, minimumEntry), bigEndian);
                int versionNeeds = -1;
                for (int i = 0; i < sectionCount; i++)
                {
                    uint sectionType = sections.U32(i * sectionEntry + 4);
                    facts.IsDynamic |= sectionType == DynamicSectionType;
                    if (sectionType == VersionNeedsSectionType && versionNeeds < 0)
                    {
                        versionNeeds = i;
                    }
                }
                if (versionNeeds >= 0)
                {
                    int at = versionNeeds * sectionEntry;
                    int stringsIndex = (int)sections.U32(at + (is64 ? 40 : 24));
                    if (stringsIndex <= 0 || stringsIndex >= sectionCount)
                    {
                        throw new InvalidDataException();
                    }
                    byte[] needs = ReadSection(stream, sections, at, is64);
                    byte[] strings = ReadSection(stream, sections, stringsIndex * sectionEntry, is64);
                    facts.GlibcNeeds = ReadGlibcNeeds(new Fields(needs, bigEndian), strings);
                }
            }
            return facts;
        }

        private static IReadOnlyList<(Version, string)> ReadGlibcNeeds(Fields data, byte[] strings)
        {
            var needs = new List<(Version, string)>();
            int entry = 0;
            // Each Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32; each Vernaux: vna_hash u32,
            // vna_flags u16, vna_other u16, vna_name u32, vna_next u32. Bounded by the section size and a record count.
            for (int guard = 0; guard < 10_000 && entry >= 0 && entry + 16 <= data.Length; guard++)
            {
                int count = data.U16(entry + 2);
                string library = StringAt(strings, data.U32(entry + 4));
                long aux = entry + (long)data.U32(entry + 8);
                for (int i = 0; i < count && aux >= 0 && aux + 16 <= data.Length; i++)
                {
                    string name = StringAt(strings, data.U32((int)aux + 8));
                    if (name.StartsWith("GLIBC_", StringComparison.Ordinal) && Version.TryParse(name.Substring(6), out var version))
                    {
                        needs.Add((version, library));
                    }
                    uint nextAux = data.U32((int)aux + 12);
                    if (nextAux == 0)
                    {
                        break;
                    }
                    aux += nextAux;
                }
                uint next = data.U32(entry + 12);
                if (next == 0 || entry + (long)next > int.MaxValue)
                {
                    break;
                }
                entry += (int)next;
            }
            return needs;
        }

        private static string StringAt(byte[] strings, uint offset)
        {
            if (offset >= strings.Length)
            {
                throw new InvalidDataException();
            }
            int end = Array.IndexOf(strings, (byte)0, (int)offset);
            return System.Text.Encoding.UTF8.GetString(strings, (int)offset, (end < 0 ? strings.Length : end) - (int)offset);
        }

        private static byte[] ReadSection(FileStream stream, Fields sections, int at, bool is64)
        {
            long offset = is64 ? sections.U64(at + 24) : sections.U32(at + 16);
            long size = is64 ? sections.U64(at + 32) : sections.U32(at + 20);
            return ReadTable(stream, offset, 1, size > MaxTableBytes ? throw new InvalidDataException() : (int)size, minimumEntry: 1);
        }

        private static byte[] ReadTable(FileStream stream, long offset, int entrySize, int count, int minimumEntry)
        {
            long length = (long)entrySize * count;
            if (entrySize < minimumEntry || offset < 0 || length > MaxTableBytes || offset + length > stream.Length)
            {
                throw new InvalidDataException();
            }
            byte[] data = new byte[length];
            if (ReadAt(stream, offset, data, data.Length) != data.Length)
            {
                throw new InvalidDataException();
            }
            return data;
        }

        private static int ReadAt(FileStream stream, long offset, byte[] buffer, int count)
        {
            stream.Position = offset;
            int total = 0, read;
            while (total < count && (read = stream.Read(buffer, total, count - total)) > 0)
            {
                total += read;
            }
            return total;
        }

        /// <summary>Names of the machines Lambda does not run, for messages; Lambda's come from LambdaArchitectures.</summary>
        private static string MachineName(int machine) => machine switch
        {
            3 => "x86",
            40 => "arm",
            8 => "mips",
            20 => "ppc",
            21 => "ppc64",
            22 => "s390x",
            243 => "riscv",
            258 => "loongarch",
            _ => "ELF machine " + machine,
        };

        /// <summary>Fixed-width fields of an ELF structure in the file's byte order; out-of-range reads are damage.</summary>
        private readonly struct Fields
        {
            private readonly byte[] _data;
            private readonly bool _bigEndian;

            public Fields(byte[] data, bool bigEndian)
            {
                _data = data;
                _bigEndian = bigEndian;
            }

            public int Length => _data.Length;

            public int U16(int offset) => (int)Read(offset, 2);

            public uint U32(int offset) => (uint)Read(offset, 4);

            public long U64(int offset)
            {
                ulong value = Read(offset, 8);
                return value > long.MaxValue ? throw new InvalidDataException() : (long)value;
            }

            private ulong Read(int offset, int width)
            {
                if (offset < 0 || offset + width > _data.Length)
                {
                    throw new InvalidDataException();
                }
                ulong value = 0;
                for (int i = 0; i < width; i++)
                {
                    value |= (ulong)_data[offset + (_bigEndian ? width - 1 - i : i)] << (8 * i);
                }
                return value;
            }
        }

        private static string Describe(byte[] header, int length)
        {
            if (length >= 2 && header[0] == 'M' && header[1] == 'Z')
            {
                return "a Windows executable (PE)";
            }
            if (length >= 4 && (BitConverter.ToUInt32(header, 0) == 0xfeedfacf || BitConverter.ToUInt32(header, 0) == 0xcffaedfe || BitConverter.ToUInt32(header, 0) == 0xcafebabe))
            {
                return "a macOS executable (Mach-O)";
            }
            if (length >= 2 && header[0] == '#' && header[1] == '!')
            {
                return "a script, not a compiled binary";
            }
            return "not an executable binary";
        }
    }
}
