using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ELFSharp.ELF;
using ELFSharp.ELF.Sections;
using RustLambda.Build.Model;

namespace RustLambda.Build.Packaging
{
    /// <summary>
    /// Reads ELF headers and sections with ELFSharp. ELFSharp does not decode the GNU version-needs section
    /// (.gnu.version_r), so its fixed 16-byte Verneed/Vernaux records are read here from the section's bytes, with the
    /// names looked up through ELFSharp's string table.
    /// </summary>
    public static class ElfInspector
    {
        public static ElfFacts Inspect(string path)
        {
            byte[] identification = new byte[16];
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
            {
                int read = stream.Read(identification, 0, identification.Length);
                if (read < 16 || identification[0] != 0x7f || identification[1] != (byte)'E' || identification[2] != (byte)'L' || identification[3] != (byte)'F')
                {
                    return new ElfFacts { IsElf = false, NotElfReason = Describe(identification, read) };
                }
            }
            if (!ELFReader.TryLoad(path, out IELF elf))
            {
                return new ElfFacts { IsElf = false, NotElfReason = "a damaged or unsupported ELF file" };
            }
            using (elf)
            {
                var facts = new ElfFacts
                {
                    IsElf = true,
                    OsAbi = identification[7],
                    IsExecutable = elf.Type == FileType.Executable || elf.Type == FileType.SharedObject,
                    // ELFSharp's Machine values are the header's e_machine numbers.
                    Architecture = LambdaArchitectures.FromElfMachine((ushort)elf.Machine)?.Name ?? elf.Machine.ToString(),
                    IsDynamic = elf.Sections.Any(s => s.Type == SectionType.Dynamic),
                };
                facts.GlibcNeeds = ReadGlibcNeeds(elf, identification[5] == 2);
                return facts;
            }
        }

        private static IReadOnlyList<(Version, string)> ReadGlibcNeeds(IELF elf, bool bigEndian)
        {
            var versionNeeds = elf.Sections.FirstOrDefault(s => s.Name == ".gnu.version_r");
            var dynamicStrings = elf.Sections.OfType<IStringTable>().FirstOrDefault(s => ((ISection)s).Name == ".dynstr");
            if (versionNeeds == null || dynamicStrings == null)
            {
                return Array.Empty<(Version, string)>();
            }
            byte[] data = versionNeeds.GetContents();
            var needs = new List<(Version, string)>();
            int entry = 0;
            // Each Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32; each Vernaux: vna_hash u32,
            // vna_flags u16, vna_other u16, vna_name u32, vna_next u32. Bounded by the section size and a record count.
            for (int guard = 0; guard < 10_000 && entry >= 0 && entry + 16 <= data.Length; guard++)
            {
                int count = U16(data, entry + 2, bigEndian);
                string library = dynamicStrings[U32(data, entry + 4, bigEndian)];
                int aux = entry + (int)U32(data, entry + 8, bigEndian);
                for (int i = 0; i < count && aux >= 0 && aux + 16 <= data.Length; i++)
                {
                    string name = dynamicStrings[U32(data, aux + 8, bigEndian)];
                    if (name.StartsWith("GLIBC_", StringComparison.Ordinal) && Version.TryParse(name.Substring(6), out var version))
                    {
                        needs.Add((version, library));
                    }
                    uint nextAux = U32(data, aux + 12, bigEndian);
                    if (nextAux == 0)
                    {
                        break;
                    }
                    aux += (int)nextAux;
                }
                uint next = U32(data, entry + 12, bigEndian);
                if (next == 0)
                {
                    break;
                }
                entry += (int)next;
            }
            return needs;
        }

        private static int U16(byte[] data, int offset, bool bigEndian) =>
            bigEndian ? (data[offset] << 8) | data[offset + 1] : data[offset] | (data[offset + 1] << 8);

        private static uint U32(byte[] data, int offset, bool bigEndian) => bigEndian
            ? (uint)((data[offset] << 24) | (data[offset + 1] << 16) | (data[offset + 2] << 8) | data[offset + 3])
            : (uint)(data[offset] | (data[offset + 1] << 8) | (data[offset + 2] << 16) | (data[offset + 3] << 24));

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
