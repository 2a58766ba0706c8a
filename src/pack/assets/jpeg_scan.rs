//! What the JPEG decoder is not asked to judge: a JPEG must end with its end-of-image marker,
//! and a baseline JPEG's scans must hold every block its header announces. The decoder pads
//! what is missing with grey and calls the image fine, so a file cut in half, or a header
//! claiming a larger size than its data, would pass. Progressive JPEGs are only walked to their
//! end.

/// A Huffman table of a JPEG, for decoding symbols one bit at a time.
#[derive(Debug, Clone, Default)]
struct Huffman {
    /// Codes of each length (1 to 16).
    counts: [u16; 17],
    symbols: Vec<u8>,
}

impl Huffman {
    fn parse(segment: &[u8]) -> Option<(usize, usize, Self, usize)> {
        let (&class_id, rest) = segment.split_first()?;
        let counts_bytes = rest.get(..16)?;
        let mut counts = [0u16; 17];
        for (slot, &n) in counts.iter_mut().skip(1).zip(counts_bytes) {
            *slot = u16::from(n);
        }
        let total: usize = counts.iter().map(|&n| usize::from(n)).sum();
        let symbols = rest.get(16..16 + total)?.to_vec();
        let class = usize::from(class_id >> 4);
        let id = usize::from(class_id & 0x0f);
        Some((class, id, Self { counts, symbols }, 17 + total))
    }

    /// The next symbol, or why none could be read.
    fn decode(&self, bits: &mut Bits<'_>) -> Result<u8, Stop> {
        let (mut code, mut first, mut index) = (0u32, 0u32, 0u32);
        for len in 1..=16 {
            code = (code << 1) | bits.bit()?;
            let count = u32::from(self.counts.get(len).copied().unwrap_or(0));
            if code < first + count {
                let at = usize::try_from(index + code - first).map_err(|_| Stop::GiveUp)?;
                return self.symbols.get(at).copied().ok_or(Stop::GiveUp);
            }
            index += count;
            first = (first + count) << 1;
        }
        Err(Stop::GiveUp)
    }
}

/// Why counting a scan stopped early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    /// The scan's data ended.
    End,
    /// Something this check does not follow (a damaged code, a missing table): the decoder is
    /// left to judge, so no good image is ever refused by this check.
    GiveUp,
}

/// A bit reader over one scan's entropy-coded data (byte stuffing and restart markers
/// understood).
struct Bits<'a> {
    data: &'a [u8],
    pos: usize,
    byte: u8,
    left: u8,
}

impl Bits<'_> {
    fn bit(&mut self) -> Result<u32, Stop> {
        if self.left == 0 {
            self.byte = match (self.data.get(self.pos), self.data.get(self.pos + 1)) {
                (None, _) => return Err(Stop::End),
                // A stuffed 0xFF data byte.
                (Some(0xff), Some(0x00)) => {
                    self.pos += 2;
                    0xff
                }
                // A restart marker where data was expected.
                (Some(0xff), _) => return Err(Stop::GiveUp),
                (Some(&byte), _) => {
                    self.pos += 1;
                    byte
                }
            };
            self.left = 8;
        }
        self.left -= 1;
        Ok(u32::from((self.byte >> self.left) & 1))
    }

    fn skip(&mut self, n: u8) -> Result<(), Stop> {
        for _ in 0..n {
            self.bit()?;
        }
        Ok(())
    }

    /// At a restart interval's end: drop the rest of the byte and step over the `RSTn` marker.
    fn restart(&mut self) -> Result<(), Stop> {
        self.left = 0;
        match (self.data.get(self.pos), self.data.get(self.pos + 1)) {
            (Some(0xff), Some(0xd0..=0xd7)) => {
                self.pos += 2;
                Ok(())
            }
            (None, _) => Err(Stop::End),
            _ => Err(Stop::GiveUp),
        }
    }
}

/// One component of a JPEG frame: id and sampling factors.
#[derive(Debug, Clone, Copy)]
struct Component {
    id: u8,
    h: u32,
    v: u32,
}

/// A JPEG frame header (SOF).
#[derive(Debug, Clone)]
struct Frame {
    width: u32,
    height: u32,
    components: Vec<Component>,
    /// Baseline or extended sequential Huffman (SOF0, SOF1): the scans this check can count.
    sequential: bool,
}

impl Frame {
    fn parse(segment: &[u8], sequential: bool) -> Option<Self> {
        let height = u32::from(u16::from_be_bytes([*segment.get(1)?, *segment.get(2)?]));
        let width = u32::from(u16::from_be_bytes([*segment.get(3)?, *segment.get(4)?]));
        let count = usize::from(*segment.get(5)?);
        let components = (0..count)
            .map(|i| {
                let at = 6 + 3 * i;
                let sampling = *segment.get(at + 1)?;
                Some(Component {
                    id: *segment.get(at)?,
                    h: u32::from(sampling >> 4).max(1),
                    v: u32::from(sampling & 0x0f).max(1),
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Self {
            width,
            height,
            components,
            sequential,
        })
    }
}

/// The units (MCUs, or blocks of a one-component scan) a scan must hold, and the blocks of each
/// unit by table: (DC table, AC table) per block.
fn scan_layout(frame: &Frame, scan: &[(u8, usize, usize)]) -> Option<(u64, Vec<(usize, usize)>)> {
    let h_max = frame.components.iter().map(|c| c.h).max()?;
    let v_max = frame.components.iter().map(|c| c.v).max()?;
    let component = |id: u8| frame.components.iter().find(|c| c.id == id);
    if let [(id, dc, ac)] = scan {
        // One component alone: its own blocks, in raster order.
        let c = component(*id)?;
        let width = (frame.width * c.h).div_ceil(h_max);
        let height = (frame.height * c.v).div_ceil(v_max);
        let units = u64::from(width.div_ceil(8)) * u64::from(height.div_ceil(8));
        return Some((units, vec![(*dc, *ac)]));
    }
    let units =
        u64::from(frame.width.div_ceil(8 * h_max)) * u64::from(frame.height.div_ceil(8 * v_max));
    let mut blocks = Vec::new();
    for &(id, dc, ac) in scan {
        let c = component(id)?;
        blocks.extend(std::iter::repeat_n(
            (dc, ac),
            usize::try_from(c.h * c.v).ok()?,
        ));
    }
    Some((units, blocks))
}

/// How many of its `units` a scan's `data` holds, if this check can tell (`None`: not counted).
fn units_held(
    data: &[u8],
    units: u64,
    blocks: &[(usize, usize)],
    tables: &[[Option<Huffman>; 4]; 2],
    restart_interval: u64,
) -> Option<u64> {
    let table = |class: usize, id: usize| tables.get(class)?.get(id)?.as_ref();
    let mut bits = Bits {
        data,
        pos: 0,
        byte: 0,
        left: 0,
    };
    for unit in 0..units {
        if restart_interval > 0 && unit > 0 && unit % restart_interval == 0 {
            match bits.restart() {
                Ok(()) => {}
                Err(Stop::End) => return Some(unit),
                Err(Stop::GiveUp) => return None,
            }
        }
        for &(dc, ac) in blocks {
            let (dc, ac) = (table(0, dc)?, table(1, ac)?);
            match block(&mut bits, dc, ac) {
                Ok(()) => {}
                Err(Stop::End) => return Some(unit),
                Err(Stop::GiveUp) => return None,
            }
        }
    }
    Some(units)
}

/// Reads one 8x8 block's codes: a DC difference, then AC coefficients up to end-of-block.
fn block(bits: &mut Bits<'_>, dc: &Huffman, ac: &Huffman) -> Result<(), Stop> {
    let size = dc.decode(bits)?;
    if size > 16 {
        return Err(Stop::GiveUp);
    }
    bits.skip(size)?;
    let mut k = 1;
    while k < 64 {
        let rs = ac.decode(bits)?;
        let (run, size) = (rs >> 4, rs & 0x0f);
        if size == 0 {
            if run != 15 {
                return Ok(());
            }
            k += 16;
        } else {
            k += usize::from(run) + 1;
            bits.skip(size)?;
        }
    }
    if k > 64 { Err(Stop::GiveUp) } else { Ok(()) }
}

/// The end of the entropy-coded data starting at `from`: the next marker that is not a restart.
fn scan_end(bytes: &[u8], from: usize) -> Option<usize> {
    let rest = bytes.get(from..)?;
    let mut i = 0;
    while let Some(at) = rest
        .get(i..)
        .and_then(|r| r.iter().position(|&b| b == 0xff))
    {
        i += at;
        match rest.get(i + 1) {
            Some(0x00 | 0xd0..=0xd7 | 0xff) => i += 1,
            Some(_) => return Some(from + i),
            None => return None,
        }
    }
    None
}

/// What is wrong with this JPEG's structure, if anything: cut short (no end-of-image marker),
/// or a baseline scan holding fewer blocks than the header's size needs.
pub fn problem(bytes: &[u8]) -> Option<String> {
    const CUT_SHORT: &str =
        "the JPEG is cut short: it ends before its end-of-image marker; export it again";
    let mut frame: Option<Frame> = None;
    let mut tables: [[Option<Huffman>; 4]; 2] = Default::default();
    let mut restart_interval = 0u64;
    let mut pos = 2;
    loop {
        // Markers are 0xFF then a code; fill bytes (more 0xFF) may come first.
        let skipped = bytes.get(pos..)?.iter().position(|&b| b != 0xff);
        let Some(code_at) = skipped.map(|n| pos + n).filter(|&at| at > pos) else {
            return if pos >= bytes.len() {
                Some(CUT_SHORT.to_owned())
            } else {
                // Not at a marker: leave the judgement to the decoder.
                None
            };
        };
        let code = *bytes.get(code_at)?;
        pos = code_at + 1;
        match code {
            0xd9 => return None,
            0xd0..=0xd8 | 0x01 | 0x00 => continue,
            _ => {}
        }
        let len = match (bytes.get(pos), bytes.get(pos + 1)) {
            (Some(&hi), Some(&lo)) => usize::from(u16::from_be_bytes([hi, lo])),
            _ => return Some(CUT_SHORT.to_owned()),
        };
        let Some(segment) = bytes.get(pos + 2..pos + len.max(2)) else {
            return Some(CUT_SHORT.to_owned());
        };
        pos += len;
        match code {
            0xc0 | 0xc1 => frame = Frame::parse(segment, true),
            0xc2 | 0xc3 | 0xc5..=0xc7 | 0xc9..=0xcb | 0xcd..=0xcf => {
                frame = Frame::parse(segment, false);
            }
            0xc4 => {
                let mut rest = segment;
                while let Some((class, id, table, used)) = Huffman::parse(rest) {
                    if let Some(slot) = tables.get_mut(class).and_then(|t| t.get_mut(id)) {
                        *slot = Some(table);
                    }
                    rest = rest.get(used..).unwrap_or_default();
                }
            }
            0xdd => {
                let (hi, lo) = (*segment.first()?, *segment.get(1)?);
                restart_interval = u64::from(u16::from_be_bytes([hi, lo]));
            }
            0xda => {
                let Some(end) = scan_end(bytes, pos) else {
                    return Some(CUT_SHORT.to_owned());
                };
                if let Some(frame) = frame.as_ref().filter(|f| f.sequential) {
                    let count = usize::from(*segment.first()?);
                    let scan: Vec<(u8, usize, usize)> = (0..count)
                        .filter_map(|i| {
                            let tables = *segment.get(2 + 2 * i)?;
                            let id = *segment.get(1 + 2 * i)?;
                            Some((id, usize::from(tables >> 4), usize::from(tables & 0x0f)))
                        })
                        .collect();
                    let data = bytes.get(pos..end).unwrap_or_default();
                    let counted = scan_layout(frame, &scan).and_then(|(units, blocks)| {
                        let held = units_held(data, units, &blocks, &tables, restart_interval)?;
                        Some((held, units))
                    });
                    if let Some((held, units)) = counted.filter(|(held, units)| held < units) {
                        let percent = held * 100 / units.max(1);
                        return Some(format!(
                            "the JPEG holds image data for only {percent}% of the {}x{} pixels \
                             its header announces: it is cut short or its header is wrong; \
                             export it again",
                            frame.width, frame.height
                        ));
                    }
                }
                pos = end;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A grey 16x8 baseline JPEG (two blocks, each `0` `0`: no DC change, end of block) with
    /// a restart marker after every block; `cut` drops the scan's last bytes.
    fn tiny_jpeg(cut: usize) -> Vec<u8> {
        let one_code = |class: u8| {
            let mut table = vec![class];
            table.extend([1u8]);
            table.extend([0u8; 15]);
            table.push(0x00);
            table
        };
        let mut out = vec![0xff, 0xd8];
        out.extend([0xff, 0xc0, 0, 11, 8, 0, 8, 0, 16, 1, 1, 0x11, 0]);
        out.extend([0xff, 0xc4, 0, 38]);
        out.extend(one_code(0x00));
        out.extend(one_code(0x10));
        out.extend([0xff, 0xdd, 0, 4, 0, 1]);
        out.extend([0xff, 0xda, 0, 8, 1, 1, 0x00, 0, 63, 0]);
        let scan = [0b0011_1111, 0xff, 0xd0, 0b0011_1111];
        out.extend(scan.get(..scan.len() - cut).unwrap_or_default());
        out.extend([0xff, 0xd9]);
        out
    }

    #[test]
    fn jpeg_scans_are_counted_across_restart_markers() {
        assert_eq!(problem(&tiny_jpeg(0)), None);
        let short = problem(&tiny_jpeg(3)).unwrap_or_default();
        assert!(
            short.starts_with("the JPEG holds image data for only 50% of the 16x8 pixels"),
            "{short}"
        );
        let full = tiny_jpeg(0);
        let cut = problem(full.get(..full.len() - 2).unwrap_or_default()).unwrap_or_default();
        assert!(cut.starts_with("the JPEG is cut short"), "{cut}");
        // A progressive frame is not counted, only walked to its end.
        let progressive: Vec<u8> = tiny_jpeg(3)
            .iter()
            .enumerate()
            .map(|(i, &b)| if i == 3 { 0xc2 } else { b })
            .collect();
        assert_eq!(problem(&progressive), None);
    }

    #[test]
    fn huffman_codes_decode_canonically() {
        // Two codes of length 1 would be `0` and `1`; here one of length 1 (`0` -> 7) and two
        // of length 2 (`10` -> 8, `11` -> 9).
        let mut segment = vec![0x00, 1, 2];
        segment.extend([0; 14]);
        segment.extend([7, 8, 9]);
        let (class, id, table, used) = Huffman::parse(&segment).unwrap_or_default();
        assert_eq!((class, id, used), (0, 0, 20));
        let mut bits = Bits {
            data: &[0b0101_1000],
            pos: 0,
            byte: 0,
            left: 0,
        };
        // 0 | 10 | 11 | 0 | 0 | 0, then no more data.
        let read: Vec<_> = (0..7).map(|_| table.decode(&mut bits)).collect();
        assert_eq!(
            read,
            [Ok(7), Ok(8), Ok(9), Ok(7), Ok(7), Ok(7), Err(Stop::End)]
        );
    }
}
