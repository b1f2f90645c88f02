//! Model snapshots of the RamBase fixture pages (reviewed JSON; `cargo insta review` after a
//! deliberate change). The exact facts are asserted in `rambase_facts.rs`; these snapshots
//! show everything else a change touches, diagnostics included.

mod support;

use apiscrape_parse::{list_inputs, parse_files, DialectChoice};
use std::path::PathBuf;
use support::{rambase_page, RAMBASE_PAGES};

macro_rules! page_snapshot {
    ($test:ident, $file:literal) => {
        #[test]
        fn $test() {
            insta::assert_json_snapshot!(stringify!($test), rambase_page($file));
        }
    };
}

page_snapshot!(seed, "000_13e24b9fa5804726.txt");
page_snapshot!(get_sales_orders_list, "get-sales-orders-list.b.txt");
page_snapshot!(get_shipment, "get-shipment.html");
page_snapshot!(post_api_parameter, "post-api-parameter.a.txt");
page_snapshot!(post_sales_order_approve, "post-sales-order-approve.b.txt");
page_snapshot!(delete_contact_phone, "delete-contact-phone.a.txt");
page_snapshot!(get_exchange_rate, "get-exchange-rate.html");
page_snapshot!(post_api_parameter_cut, "post-api-parameter-cut.b.txt");
page_snapshot!(old_get_user_groups, "old-get-user-groups.txt");

#[test]
fn all_input_docs() {
    let inputs = list_inputs(&[PathBuf::from(RAMBASE_PAGES)]).unwrap();
    let mut api = parse_files(&inputs, DialectChoice::Auto);
    // Sources are named relative to the crate; keep the snapshot independent of checkout path.
    for op in &mut api.operations {
        for p in &mut op.provenance {
            p.source = p.source.rsplit('/').next().unwrap_or("").to_string();
        }
    }
    for t in api.types.values_mut() {
        for p in &mut t.provenance {
            p.source = p.source.rsplit('/').next().unwrap_or("").to_string();
        }
    }
    for d in &mut api.diagnostics {
        if let Some(l) = &mut d.location {
            l.source = l.source.rsplit('/').next().unwrap_or("").to_string();
        }
    }
    insta::assert_json_snapshot!("all_input_docs", api);
}
