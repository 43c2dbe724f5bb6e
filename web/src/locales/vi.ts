export const vi = {
  app: {
    name: 'Citizen Stack',
    tagline: 'Nền tảng công dân số',
    skipToContent: 'Bỏ qua, đến nội dung chính',
    areasNav: 'Các khu vực',
    language: 'Ngôn ngữ',
    loading: 'Đang tải…',
  },
  footer: {
    openSource: 'Citizen Stack — mã nguồn mở',
    nav: 'Liên kết cuối trang',
    home: 'Trang chủ',
    api: 'Tài liệu API',
  },
  home: {
    title: 'Nền tảng công dân số mã nguồn mở',
    lead: 'Citizen Stack là nền tảng mã nguồn mở giúp một tỉnh vận hành toàn bộ hệ sinh thái công dân số trên một hệ thống thống nhất.',
    body: 'Nền tảng gồm cơ sở dữ liệu dân cư, định danh điện tử và đăng nhập một lần, trục liên thông dữ liệu giữa các cơ quan (LGSP), dịch vụ công trực tuyến cùng bộ phận một cửa, ví giấy tờ cá nhân, thanh toán phí không dùng tiền mặt qua VietQR và truy xuất nguồn gốc hàng hóa bằng mã QR.',
    status:
      'Nền tảng đang được phát triển: dịch vụ công trực tuyến với bộ phận một cửa, định danh điện tử, cơ sở dữ liệu dân cư, liên thông dữ liệu và truy xuất nguồn gốc đã sử dụng được; thanh toán qua VietQR và chứng nhận số trong ví giấy tờ sẽ ra mắt sau.',
    areasHeading: 'Chọn khu vực',
    developersHeading: 'Dành cho nhà phát triển',
    developersText: 'Mọi chức năng đều có API mở, mô tả theo chuẩn OpenAPI.',
    apiLink: 'Xem tài liệu API',
  },
  areas: {
    citizen: {
      name: 'Cổng công dân',
      description: 'Nộp hồ sơ dịch vụ công, theo dõi tiến độ, lưu giấy tờ và thanh toán phí, lệ phí.',
    },
    officer: {
      name: 'Cán bộ một cửa',
      description: 'Tiếp nhận, xử lý hồ sơ và tra cứu dữ liệu dân cư theo thẩm quyền.',
    },
    business: {
      name: 'Doanh nghiệp',
      description: 'Quản lý sản phẩm, tạo mã QR truy xuất nguồn gốc và ghi nhận sự kiện chuỗi cung ứng.',
    },
    admin: {
      name: 'Quản trị',
      description: 'Cấu hình thủ tục, hệ thống kết nối, tài khoản và xem nhật ký kiểm toán.',
    },
    public: {
      name: 'Tra cứu công khai',
      description: 'Tra cứu đơn vị hành chính và kiểm tra nguồn gốc hàng hóa, không cần đăng nhập.',
    },
  },
  area: {
    overview: 'Tổng quan',
    sectionsNav: 'Các mục của {{area}}',
    sectionsHeading: 'Các mục',
    comingSoon: 'Sắp ra mắt',
    ready: 'Đã sử dụng được',
    comingSoonText: 'Chức năng này đang được xây dựng và sẽ sớm ra mắt.',
    backToArea: 'Về trang {{area}}',
  },
  sections: {
    services: { title: 'Dịch vụ công', description: 'Tìm thủ tục hành chính và nộp hồ sơ trực tuyến.' },
    applications: {
      title: 'Hồ sơ của tôi',
      description: 'Theo dõi trạng thái, bổ sung hồ sơ và nhận kết quả giải quyết.',
    },
    wallet: {
      title: 'Ví giấy tờ',
      description:
        'Giấy tờ, kết quả giải quyết thủ tục cơ quan nhà nước đã cấp cho bạn; dùng lại khi nộp hồ sơ.',
    },
    payments: { title: 'Thanh toán', description: 'Nộp phí, lệ phí không dùng tiền mặt bằng mã VietQR.' },
    residents: {
      title: 'Tra cứu dân cư',
      description: 'Tra cứu thông tin công dân theo thẩm quyền; mọi lượt tra cứu đều được ghi nhật ký.',
    },
    cases: { title: 'Hồ sơ một cửa', description: 'Tiếp nhận, phân công, xử lý và trả kết quả hồ sơ.' },
    feedback: {
      title: 'Phản ánh, kiến nghị',
      description: 'Trả lời phản ánh, kiến nghị của người dân về hồ sơ trong 15 ngày làm việc.',
    },
    reports: { title: 'Báo cáo', description: 'Thống kê tình hình tiếp nhận và giải quyết hồ sơ.' },
    'my-business': {
      title: 'Doanh nghiệp của tôi',
      description: 'Hồ sơ, chứng nhận còn hiệu lực và thành viên của doanh nghiệp.',
    },
    'business-registry': {
      title: 'Sổ đăng ký doanh nghiệp',
      description: 'Cơ quan quản lý cấp tỉnh đăng ký, chứng nhận và đình chỉ doanh nghiệp.',
    },
    products: {
      title: 'Sản phẩm & mã QR',
      description: 'Khai báo sản phẩm và tạo mã QR truy xuất nguồn gốc.',
    },
    'supply-chain': {
      title: 'Sự kiện chuỗi cung ứng',
      description: 'Ghi nhận các khâu sản xuất, vận chuyển và phân phối hàng hóa.',
    },
    receiving: {
      title: 'Kiểm tra hàng nhập',
      description: 'Quét mã QR hàng nhập về: chính hãng, hết hạn, bị thu hồi hay trùng sê-ri.',
    },
    recalls: {
      title: 'Thu hồi sản phẩm',
      description: 'Thu hồi lô hàng và nhận thông báo thu hồi hàng đã nhập.',
    },
    procedures: {
      title: 'Thủ tục',
      description: 'Quản lý danh mục thủ tục hành chính, quy trình và biểu mẫu.',
    },
    integrations: {
      title: 'Hệ thống kết nối',
      description:
        'Hệ thống của các cơ quan trao đổi dữ liệu qua trục LGSP: dịch vụ, quyền truy cập, lưu lượng.',
    },
    'sign-on': {
      title: 'Đăng nhập một lần',
      description: 'Các dịch vụ dùng nhà cung cấp OpenID của nền tảng: đăng ký, xem và ngừng kết nối.',
    },
    activations: {
      title: 'Thống kê định danh điện tử',
      description:
        'Số tài khoản định danh điện tử đã kích hoạt theo mức, theo xã/phường, theo tháng và so với chỉ tiêu.',
    },
    accounts: {
      title: 'Tài khoản định danh',
      description: 'Tra cứu, khoá, tạm dừng và mở lại tài khoản định danh điện tử của người dân.',
    },
    'audit-log': {
      title: 'Nhật ký kiểm toán',
      description: 'Xem ai đã truy cập hoặc thay đổi dữ liệu, và vào lúc nào.',
    },
    'admin-units': {
      title: 'Tra cứu đơn vị hành chính',
      description: 'Tìm xã, phường, đặc khu theo tên và xem các đơn vị cũ đã hợp thành đơn vị mới.',
    },
    traceability: {
      title: 'Kiểm tra nguồn gốc hàng hóa',
      description: 'Quét hoặc nhập mã QR trên sản phẩm để xem nguồn gốc.',
    },
    'dossier-lookup': {
      title: 'Tra cứu hồ sơ',
      description: 'Nhập mã hồ sơ để xem trạng thái giải quyết; không hiển thị thông tin cá nhân.',
    },
    'service-indicators': {
      title: 'Chỉ số phục vụ người dân',
      description:
        'Tỷ lệ giải quyết đúng hạn, trực tuyến, số hoá, mức độ hài lòng và Bộ chỉ số theo Quyết định 766 theo cơ quan, xã phường, tháng.',
    },
  },
  adminUnits: {
    query: 'Tên xã, phường, đặc khu',
    queryHint: 'Gõ ít nhất 2 ký tự, có dấu hoặc không dấu, ví dụ: ham rong.',
    province: 'Tỉnh, thành phố',
    allProvinces: 'Tất cả',
    search: 'Tìm kiếm',
    resultsHeading: 'Kết quả',
    prompt: 'Nhập tên đơn vị để bắt đầu tìm.',
    searching: 'Đang tìm…',
    found: 'Tìm thấy {{count}} đơn vị.',
    limited: 'Chỉ hiển thị {{count}} kết quả đầu tiên; hãy gõ cụ thể hơn.',
    noResults: 'Không tìm thấy đơn vị nào phù hợp.',
    code: 'Mã',
    type: 'Loại',
    nameEn: 'Tên tiếng Anh',
    detailTitle: 'Chi tiết đơn vị hành chính',
    backToSearch: 'Quay lại tra cứu',
    formedFrom: 'Hình thành từ',
    formedFromNone: 'Chưa có dữ liệu về các đơn vị trước khi sắp xếp.',
  },
  unitTypes: {
    tinh: 'Tỉnh',
    thanh_pho: 'Thành phố',
    xa: 'Xã',
    phuong: 'Phường',
    dac_khu: 'Đặc khu',
  },
  errors: {
    network: 'Không kết nối được máy chủ. Vui lòng thử lại sau.',
    unexpected: 'Máy chủ trả về phản hồi không hợp lệ (mã {{status}}).',
    requestId: 'Mã yêu cầu: {{id}}',
    pageTitle: 'Không tải được trang',
    pageText: 'Đã có lỗi khi tải trang này, có thể do phiên bản mới vừa được cập nhật.',
    reload: 'Tải lại trang',
  },
  notFound: {
    title: 'Không tìm thấy trang',
    text: 'Địa chỉ bạn mở không tồn tại hoặc đã được chuyển đi.',
    home: 'Về trang chủ',
  },
};

export type Messages = typeof vi;
