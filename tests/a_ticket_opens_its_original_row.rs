//! A ticket's detail shows its row as the export had it: every column, with the file and
//! row number. A UTF-8 text file is read again from a place near the row; a workbook or a
//! GBK file is read again whole, keeping only the rows asked for. Either way the row found
//! is the ticket's own (its id and content), for every ticket, whatever the file's quoting,
//! line ends, blank lines, duplicates and refused rows around it.

use std::sync::Arc;

use hotline_analyzer::query::original::OriginalRow;
use hotline_analyzer::query::{Selection, Tickets};
use hotline_analyzer::sample::formats::{self, SampleFormat};
use hotline_analyzer::sample::SampleOptions;
use hotline_analyzer::{analyze, Input, Settings};

fn tickets_of(name: &str, bytes: &[u8]) -> Arc<Tickets> {
    let input = Input::new(name, bytes).with_size(bytes.len() as u64);
    let analysis = analyze(vec![input], &Settings::default(), &mut |_, _, _| {}).expect("the file is analysed");
    analysis.tickets
}

/// The ticket's row read from its place, as the page does: a slice from there, longer and
/// longer until the row is whole.
fn from_place(tickets: &Tickets, bytes: &[u8], ticket: u32) -> OriginalRow {
    let place = tickets.place(ticket).unwrap();
    let from = place.from.expect("a UTF-8 text file is read from a place near the row") as usize;
    let mut length = 512;
    loop {
        let end = (from + length).min(bytes.len());
        if let Some(row) = tickets.original_at(ticket, &bytes[from..end], end == bytes.len()).unwrap() {
            return row;
        }
        assert!(end < bytes.len(), "the whole rest of the file did not give ticket {ticket}");
        length *= 4;
    }
}

/// The tickets' rows read again whole, the file handed over in slices of `step` bytes.
fn reread(tickets: &Tickets, bytes: &[u8], wanted: &[u32], step: usize) -> Vec<OriginalRow> {
    let mut reread = tickets.reread(wanted).unwrap();
    for file in reread.files() {
        reread.begin_file(file).unwrap();
        for chunk in bytes.chunks(step) {
            if !reread.wants_more() {
                break; // as the page does: the rest of the file holds no row asked for
            }
            reread.room(chunk.len()).unwrap().copy_from_slice(chunk);
            reread.push_written(chunk.len()).unwrap();
        }
        reread.end_file().unwrap();
    }
    reread.rows()
}

fn cell<'a>(row: &'a OriginalRow, header: &str) -> &'a str {
    &row.cells.iter().find(|c| c.header == header).unwrap_or_else(|| panic!("no column {header}")).value
}

fn is_the_ticket(tickets: &Tickets, ticket: u32, row: &OriginalRow) -> bool {
    let listed = tickets.ticket(ticket);
    row.ticket == ticket && cell(row, "工单编号").trim() == listed.id && cell(row, "诉求内容").trim() == listed.content
}

#[test]
fn every_ticket_of_a_utf8_export_opens_its_own_row_from_a_place_near_it() {
    let options = SampleOptions { months: 2, scale: 0.1, ..Default::default() };
    let mut bytes = Vec::new();
    formats::write(&options, SampleFormat::Csv, &mut bytes).unwrap();
    let tickets = tickets_of("两个月.csv", &bytes);
    let all = tickets.selected(&Selection::default()).unwrap();
    assert!(all.len() > 5000, "{} tickets", all.len());
    let mut wrong = Vec::new();
    for &ticket in &all {
        let row = from_place(&tickets, &bytes, ticket);
        if !is_the_ticket(&tickets, ticket, &row) {
            wrong.push(ticket);
        }
    }
    println!("{} tickets, each read from its place: {} wrong", all.len(), wrong.len());
    // Read again whole for its first ticket, the file is read no further than that row.
    let mut reread = tickets.reread(&all[..1]).unwrap();
    reread.begin_file(0).unwrap();
    let mut pushed = 0;
    for chunk in bytes.chunks(65_536) {
        if !reread.wants_more() {
            break;
        }
        reread.room(chunk.len()).unwrap().copy_from_slice(chunk);
        reread.push_written(chunk.len()).unwrap();
        pushed += chunk.len();
    }
    reread.end_file().unwrap();
    assert_eq!(pushed, 65_536, "one slice of {} bytes holds the first ticket", bytes.len());
    assert!(is_the_ticket(&tickets, all[0], &reread.rows()[0]));
    assert!(wrong.is_empty(), "tickets not found at their place: {:?}", &wrong[..wrong.len().min(10)]);
}

#[test]
fn quoted_cells_over_lines_crlf_blank_rows_refusals_and_duplicates_keep_rows_numbered_as_excel() {
    let mut text =
        String::from("\u{feff}湛江市12345工单明细表\r\n工单编号,受理时间,诉求类型,诉求内容,联系地址,回复内容\r\n");
    let mut expected = Vec::new(); // (id, row number, address)
    let mut row = 2;
    for i in 0..400 {
        row += 1;
        match i % 9 {
            0 => text.push_str("\r\n"), // a blank line: a row of its own, refused as blank
            1 if i > 9 => text.push_str(&format!("D{},2021-01-05 10:00,投诉,重复的工单,,\r\n", i - 6)), // a duplicate
            2 => text.push_str("X,明天,投诉,时间读不出,,\r\n"), // refused
            3 => {
                text.push_str(&format!(
                    "D{i},2021-01-06 09:00,投诉,\"第一行，有逗号\r\n第二行 \"\"引号\"\"\",\"赤坎区\n某路{i}号\",已处理\r\n"
                ));
                expected.push((format!("D{i}"), row, format!("赤坎区\n某路{i}号")));
            }
            _ => {
                text.push_str(&format!("D{i},2021-01-07 08:00,咨询,问题{i},霞山区{i}号,答复{i}\r\n"));
                expected.push((format!("D{i}"), row, format!("霞山区{i}号")));
            }
        }
    }
    let bytes = text.as_bytes();
    let tickets = tickets_of("换行与引号.csv", bytes);
    let all = tickets.selected(&Selection::default()).unwrap();
    assert_eq!(all.len(), expected.len());
    for &ticket in &all {
        let found = from_place(&tickets, bytes, ticket);
        let id = tickets.ticket(ticket).id;
        let (_, row, address) = expected.iter().find(|(e, ..)| *e == id).expect("an expected ticket");
        assert_eq!((found.row, cell(&found, "联系地址")), (*row, address.as_str()), "ticket {id}");
        assert_eq!(found.file, "换行与引号.csv");
        // The columns the report does not use are there, named as the file names them.
        let headers: Vec<&str> = found.cells.iter().map(|c| c.header.as_str()).collect();
        assert_eq!(headers, ["工单编号", "受理时间", "诉求类型", "诉求内容", "联系地址", "回复内容"]);
    }
    // Read again whole, the same rows come back.
    let whole = reread(&tickets, bytes, &all, 1000);
    let placed: Vec<OriginalRow> = all.iter().map(|&t| from_place(&tickets, bytes, t)).collect();
    assert_eq!(whole, placed);
}

#[test]
fn a_workbook_and_a_gbk_export_are_read_again_for_the_rows_asked() {
    let options = SampleOptions { months: 1, scale: 0.05, ..Default::default() };
    for (format, name) in [(SampleFormat::Xlsx, "工作簿.xlsx"), (SampleFormat::GbkCsv, "GBK.csv")] {
        let mut bytes = Vec::new();
        formats::write(&options, format, &mut bytes).unwrap();
        let tickets = tickets_of(name, &bytes);
        assert_eq!(tickets.place(0).unwrap().from, None, "{name} is read again from its start");
        let all = tickets.selected(&Selection::default()).unwrap();
        // Every 37th ticket, asked in reverse order: they come back in the order asked.
        let wanted: Vec<u32> = all.iter().rev().step_by(37).copied().collect();
        let rows = reread(&tickets, &bytes, &wanted, 65_536);
        assert_eq!(rows.len(), wanted.len(), "{name}");
        for (row, &ticket) in rows.iter().zip(&wanted) {
            assert!(is_the_ticket(&tickets, ticket, row), "{name}: ticket {ticket} gave row {}", row.row);
            assert!(row.row >= 3, "{name}: the title and header rows come first");
        }
        if format == SampleFormat::Xlsx {
            assert!(rows[0].sheet.is_some(), "a workbook's row names its sheet");
        }
        println!("{name}: {} rows read again, all their own", rows.len());
    }
}

#[test]
fn an_export_of_original_rows_has_every_column_and_where_each_row_came_from() {
    let text = "\u{feff}工单编号,受理时间,诉求类型,诉求内容,来电号码\n1,2021-01-05 10:00,投诉,=1+1,13800000000\n2,2021-01-06 10:00,咨询,问路,\n";
    let tickets = tickets_of("原始列.csv", text.as_bytes());
    let all = tickets.selected(&Selection::default()).unwrap();
    let rows = reread(&tickets, text.as_bytes(), &all, 7);
    let csv = String::from_utf8(tickets.export_originals(&rows, &Selection::default(), "csv").unwrap()).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "\u{feff}工单编号,受理时间,诉求类型,诉求内容,来电号码,来源文件,来源行号");
    assert_eq!(lines[1], "1,2021-01-05 10:00,投诉,'=1+1,13800000000,原始列.csv,2");
    assert_eq!(lines[2], "2,2021-01-06 10:00,咨询,问路,,原始列.csv,3");
    let xlsx = tickets.export_originals(&rows, &Selection::default(), "xlsx").unwrap();
    assert_eq!(&xlsx[..2], b"PK");
}
