# واجهة Memoria باللغة العربية. يحتوي هذا الملف على المفاتيح نفسها الموجودة في en.ftl؛
# وأي مفتاح غير موجود هنا يُعرض بالإنجليزية.

skip-to-content = الانتقال إلى المحتوى
nav-label = القائمة الرئيسية
nav-dashboard = لوحة المتابعة
nav-incidents = الحوادث
nav-persons = الأشخاص
nav-organizations = المنظمات
nav-sources = المصادر
nav-interventions = التدخلات
nav-source-lists = قوائم المصادر
nav-places = الأماكن
nav-collections = المجموعات
nav-audit = سجل التدقيق
search-label = بحث
search-placeholder = ابحث في الأسماء والعناوين والروايات…
search-title = البحث
search-submit = بحث
search-count = { $count ->
    [zero] لا توجد نتائج
    [one] نتيجة واحدة
    [two] نتيجتان
    [few] { $count } نتائج
    [many] { $count } نتيجة
   *[other] { $count } نتيجة
}
sign-out = تسجيل الخروج
footer-note = يُرجى التعامل بحذر: هذه البيانات قد تعرّض أشخاصًا للخطر.

sign-in-title = تسجيل الدخول
sign-in-name = اسم الحساب
sign-in-password = كلمة المرور
sign-in-submit = تسجيل الدخول
sign-in-failed = اسم الحساب أو كلمة المرور غير صحيح. تحقّق من كليهما وحاول مرة أخرى.
second-factor-title = الخطوة الثانية
second-factor-help = أدخل الرمز المكوّن من ستة أرقام الذي يعرضه تطبيق المصادقة لديك لحساب Memoria.
second-factor-code = الرمز
second-factor-submit = متابعة
second-factor-failed = هذا الرمز غير صالح. انتظر ظهور الرمز التالي وحاول مرة أخرى.

dashboard-title = لوحة المتابعة
dashboard-by-status = الحوادث حسب الحالة
dashboard-all-incidents = جميع الحوادث
dashboard-recent = التعديلات الأخيرة
dashboard-due = متابعات مستحقة
dashboard-nothing-due = لا توجد متابعة مستحقة خلال الأسبوعين المقبلين.
nothing-yet = لا يوجد شيء بعد.

incidents-title = الحوادث
incidents-new = حادثة جديدة
incidents-none = لا توجد حادثة تطابق عوامل التصفية هذه.
incidents-showing = { $first }–{ $last } من { $total }
incidents-count = { $count ->
    [zero] لا توجد حوادث
    [one] حادثة واحدة
    [two] حادثتان
    [few] { $count } حوادث
    [many] { $count } حادثة
   *[other] { $count } حادثة
}
incident-edit-title = تعديل الحادثة
incident-acts = الأفعال
incident-claims = الإفادات حسب الحقل
incident-sources = المصادر
incident-interventions = التدخلات
act-victims = الضحايا
act-perpetrators = الجناة المزعومون
perpetrator-unidentified = مجهول الهوية
claims-conflict = المصادر متعارضة
claims-preferred = معتمدة
grade-help = تقييم المصدر: الموثوقية (A–F) والمصداقية (1–6)

filter-text = الكلمات
filter-date = التاريخ
filter-from = من
filter-to = إلى
filter-violation = الانتهاك
filter-perpetrator-type = نوع الجاني
filter-any = الكل
filter-sort = الترتيب حسب
filter-apply = تطبيق
filter-clear = مسح عوامل التصفية
filter-bad-date = أحد عوامل تصفية التاريخ ليس تاريخًا يفهمه Memoria (جرّب {"\u2066"}1999{"\u2069"} أو {"\u2066"}1999-03{"\u2069"} أو {"\u2066"}1999-03-05{"\u2069"})؛ لذلك لم يُطبَّق.
filter-bad-place = عامل تصفية المكان ليس معرّف مكان؛ لذلك لم يُطبَّق.
filter-bad-cursor = هذا الرابط إلى صفحة لاحقة لم تُنشئه هذه القائمة (أو تغيّر الترتيب)؛ لذلك تبدأ القائمة من صفحتها الأولى.
sort-date-desc = الأحدث أولًا
sort-date-asc = الأقدم أولًا
sort-updated = المعدّلة مؤخرًا
pager-label = الصفحات
pager-prev = السابق
pager-next = التالي
pager-older = المزيد

field-title = العنوان
field-narrative = سرد الوقائع
field-date = التاريخ
field-place = المكان
field-place-id = المكان (معرّف السجل)
field-status = الحالة
field-confidentiality = السرية
field-collection = المجموعة
field-external-id = المرجع في ملفاتك الخاصة
date-uncertain = غير مؤكد
date-uncertain-help = التاريخ غير مؤكد أو تقريبي، أو يتجاوز النطاق المطلوب.
# Examples written left to right are wrapped in LRI…PDI ({"\u2066"}…{"\u2069"}), so that a trailing ? or a slash
# stays with its example in right-to-left text instead of jumping to the other end.
date-help = تاريخ أو شهر أو سنة ({"\u2066"}1999-03-05{"\u2069"} أو {"\u2066"}1999-03{"\u2069"} أو {"\u2066"}1999{"\u2069"})؛ {"\u2066"}?{"\u2069"} إذا كان غير مؤكد، و {"\u2066"}~{"\u2069"} إذا كان تقريبيًا ({"\u2066"}1999-03?{"\u2069"})؛ ويُكتب النطاق هكذا: {"\u2066"}1999-03-05/1999-03-09{"\u2069"}.
date-invalid = هذا ليس تاريخًا يفهمه Memoria. اكتبه بالصيغة {"\u2066"}1999-03-05{"\u2069"} أو {"\u2066"}1999-03{"\u2069"} أو {"\u2066"}1999{"\u2069"}؛ وأضف {"\u2066"}?{"\u2069"} إذا كان غير مؤكد؛ واكتب النطاق هكذا: {"\u2066"}1999-03-05/1999-03-09{"\u2069"}.
place-invalid = هذا ليس معرّف مكان. انسخه من صفحة المكان، أو اترك الحقل فارغًا.
collection-invalid = اختر مجموعة يُسمح لك بإضافة سجلات إليها.
title-required = أعطِ الحادثة عنوانًا بلغة واحدة على الأقل.
form-has-problems = بعض الحقول تحتاج إلى مراجعة؛ ويوضح كل حقل كيفية تصحيحه.
form-too-long = النص طويل جدًا: الحد الأقصى لعدد الأحرف { $max }.

status-draft = مسودة
status-under-review = قيد المراجعة
status-verified = تم التحقق منها
status-closed = مغلقة
sensitivity-public = علني
sensitivity-internal = داخلي
sensitivity-restricted = مقيّد
sensitivity-confidential = سري

kind-collection = مجموعة
kind-incident = حادثة
kind-act = فعل
kind-person = شخص
kind-organization = منظمة
kind-source = مصدر
kind-claim = إفادة
kind-intervention = تدخل
kind-source-list = قائمة مصادر
kind-record = بند في قائمة
kind-place = مكان
kind-vocabulary = قائمة مصطلحات
kind-evidence = دليل

role-victim = ضحية
role-witness = شاهد
role-source = مصدر
role-perpetrator = جانٍ
role-administrator = مدير
role-coordinator = منسق
role-analyst = محلل
role-documentalist = موثّق
role-field-researcher = باحث ميداني
role-viewer = مطّلع
role-installation-admin = مدير النظام
all-collections = جميع المجموعات

action-edit = تعديل
action-history = سجل التعديلات
action-save = حفظ
action-cancel = إلغاء
action-create = إنشاء
action-update = تعديل
action-delete = حذف
action-undelete = إلغاء الحذف
action-restore = استعادة

withheld = محجوب
record-deleted = هذا السجل محذوف. يمكن استعادته من سجل تعديلاته.
record-version = النسخة { $version }
record-related = سجلات ذات صلة
records-count = { $count ->
    [zero] لا توجد سجلات
    [one] سجل واحد
    [two] سجلان
    [few] { $count } سجلات
    [many] { $count } سجلًا
   *[other] { $count } سجل
}

history-title = سجل التعديلات
history-restore = استعادة النسخة { $version }
diff-field = الحقل
diff-before = قبل
diff-after = بعد
diff-theirs = ما حفظه شخص آخر
diff-yours = تعديلك
conflict-title = حفظ شخص آخر هذه الحادثة أثناء تعديلك لها
conflict-explain = أصبحت الحادثة الآن في النسخة { $version }. لم يُحفظ تعديلك.
conflict-next = لا يزال تعديلك في النموذج أدناه. راجع الفروق، ثم احفظ مرة أخرى لتطبيقه على النسخة الأحدث، أو ألغِ التعديل.

account-title = حسابك
account-language = اللغة
account-roles = أدوارك
account-password = كلمة المرور
account-password-current = كلمة المرور الحالية
account-password-new = كلمة المرور الجديدة (12 حرفًا على الأقل)
account-password-change = تغيير كلمة المرور
password-current-wrong = كلمة المرور الحالية غير صحيحة.
password-too-weak = كلمة المرور الجديدة قصيرة جدًا: يجب ألا يقل عدد أحرفها عن { $min } (بضع كلمات عشوائية خيار جيد).
account-totp = تسجيل الدخول بخطوتين
account-totp-on = تسجيل الدخول بخطوتين مفعّل.
account-totp-off = تسجيل الدخول بخطوتين غير مفعّل. فعّله: عندئذ لن تكفي كلمة مرور مسروقة وحدها لفتح حسابك.
account-totp-start = تفعيل تسجيل الدخول بخطوتين
account-totp-enrol-help = أضف هذا المفتاح إلى تطبيق المصادقة لديك (أو استخدم الرابط أدناه)، ثم أدخل الرمز الذي يعرضه.
account-totp-enable = تفعيل
totp-bad-secret = انتهت مهلة التفعيل؛ ابدأ من جديد.
saved = تم الحفظ.

audit-title = سجل التدقيق
audit-when = الوقت
audit-who = الحساب
audit-what = الإجراء
audit-record = السجل
audit-detail = التفاصيل
audit-log-index = رقم الفهرس
audit-receipt = الإيصال
audit-log-help = يُحفظ كل إدخال أيضًا في سجل يكشف أي تلاعب، برقم فهرسه فيه. ويُثبت إيصاله، لكل من يملك المفتاح العام للسجل، أن الإدخال موجود فيه كما يظهر هنا تمامًا؛ وأي إدخال يُغيَّر أو يُحذف لا يعود مطابقًا.

add-act-title = إضافة فعل
add-act-victim = اسم الضحية (شخص جديد؛ اتركه فارغاً إذا لم يكن معروفاً)
add-act-group-size = عدد الضحايا إذا كانوا مجموعة
add-act-submit = إضافة الفعل
add-source-title = إضافة مصدر
add-source-name = المصدر (من أو ما الذي أبلغ عنه)
add-source-reliability = موثوقية المصدر
add-source-credibility = مصداقية المعلومات
add-source-field = الحقل الذي يتناوله المصدر (اختياري، مثل date)
add-source-value = ما يقوله المصدر بشأنه
add-source-submit = إضافة المصدر
claim-needs-both = اذكر الحقل وما يقوله المصدر، أو اتركهما كليهما.

nav-vocabularies = المفردات
nav-accounts = الحسابات
accounts-title = الحسابات والأدوار
account-add = إضافة حساب
account-disable = تعطيل
account-enable = تفعيل
account-disabled = معطّل
account-no-password = سطر الأوامر فقط
account-name-invalid = تتكون أسماء الحسابات من 1 إلى 64 حرفاً لاتينياً أو رقماً أو نقطة أو شرطة أو شرطة سفلية.
account-name-taken = يوجد حساب بهذا الاسم بالفعل؛ اختر اسماً آخر.
role-none = بلا دور
vocabulary-terms = عدد المصطلحات: { $count }
term-code = الرمز
term-labels = التسميات
term-parent = المصطلح الأعم (الرمز)
term-deprecated = متروك
term-add = إضافة مصطلح
term-invalid = يحتاج المصطلح إلى رمز (أحرف لاتينية صغيرة وأرقام و - _ .) وتسمية بلغة واحدة على الأقل، لا تتجاوز كل منها 300 حرف.

button-delete = حذف
button-undelete = إلغاء الحذف

add-intervention-title = تسجيل تدخل
add-intervention-kind = نوع التدخل
add-intervention-target = المؤسسة المخاطبة
add-intervention-submitted = تاريخ التقديم
add-intervention-follow-up = موعد المتابعة التالية
add-intervention-submit = تسجيل التدخل

follow-up-title = المتابعة
follow-up-response = الرد الوارد
follow-up-response-date = تاريخ ورود الرد

record-new-title = سجل جديد: { $kind }
record-edit-title = تعديل: { $kind }
record-conflict-explain = أصبح السجل الآن في النسخة { $version }. لم يُحفظ تعديلك.
field-names = الأسماء
field-names-help = اسم واحد في كل سطر، والاسم الرئيسي أولًا. لإضافة كتابة بالحروف اللاتينية اكتبها بعد خط مائل: {"\u2066"}محمد علي / Mohammed Ali{"\u2069"}
field-roles = الأدوار
field-sex = الجنس
field-birth-date = تاريخ الميلاد
field-age = العمر
field-age-help = بالسنوات، مثل {"\u2066"}30{"\u2069"}، أو نطاق مثل {"\u2066"}25-30{"\u2069"}.
field-group-size = عدد الأشخاص (إذا كانوا مجموعة)
field-ethnicity = الانتماء العرقي
field-religion = الدين
field-contact = بيانات الاتصال
field-name = الاسم
field-aliases = أسماء أخرى
field-aliases-help = اسم واحد في كل سطر.
field-kind = النوع
field-parent-unit = تتبع (معرّف الوحدة)
field-informant = المُبلِّغ (معرّف الشخص)
field-reference = المرجع
field-description = الوصف
reference-help = معرّف السجل كما يظهر في آخر عنوانه ({"\u2066"}/records/…{"\u2069"}).
reference-invalid = لا يوجد { $kind } بهذا المعرّف في المجموعة. انسخ المعرّف من عنوان السجل.
age-invalid = اكتب العمر بالسنوات، مثل {"\u2066"}30{"\u2069"}، أو نطاقًا مثل {"\u2066"}25-30{"\u2069"}.
number-invalid = اكتب عددًا صحيحًا أكبر من 0.
grade-invalid = اختر درجة من القائمة.
parent-cycle = لا يمكن أن تتبع الوحدة نفسها، لا مباشرة ولا عبر الوحدات التي فوقها.
form-too-many-lines = عدد الأسطر كبير جدًا: الحد الأقصى { $max }.
choice-not-recorded = غير مسجَّل

# الإحصاءات والتحليل
nav-statistics = الإحصاءات
nav-analysis = التحليل
statistics-title = الإحصاءات
statistics-intro = أعداد ما وُثِّق، لا أعداد كل ما حدث. لا يُعَدّ إلا ما يحق لك الاطلاع عليه من سجلات.
statistics-no-collection = لا يحق لك قراءة أي مجموعة، فلا شيء يُعَدّ.
statistics-collection = المجموعة
statistics-by = الفترات
statistics-show = اعرض
statistics-by-year = سنوات
statistics-by-quarter = أرباع السنة
statistics-by-month = أشهر
statistics-acts-by-year = الأفعال في كل سنة
statistics-acts-by-quarter = الأفعال في كل ربع سنة
statistics-acts-by-month = الأفعال في كل شهر
statistics-period-description = الأفعال الموثقة في كل فترة. يُوزَّع الفعل غير المؤكد التاريخ على الفترات التي قد يقع فيها؛ ويمتد الشريط المظلل من الأفعال الواقعة حتمًا في الفترة إلى الأفعال التي قد تقع فيها.
statistics-period-caption = { $total } فعلًا في المجموع. خارج الرسم: { $undated } بلا تاريخ و{ $open } بتاريخ مفتوح الطرف. يُوزَّع الفعل غير المؤكد التاريخ على الفترات التي قد يقع فيها بنسبة الأيام؛ ويمتد الشريط المظلل من الأفعال الواقعة حتمًا في الفترة إلى الأفعال التي قد تقع فيها.
statistics-no-dated-acts = لا تاريخ لأي من الأفعال البالغ عددها { $total }، فلا سلسلة تُرسَم.
statistics-too-many-periods = تمتد التواريخ على فترات أكثر مما يتسع له هذا الرسم: اختر فترات أطول.
statistics-no-series = لا يمكن رسم التواريخ سلسلةً: أحدها خارج حدود التقويم.
statistics-period = الفترة
statistics-acts-spread = الأفعال (موزَّعة)
statistics-band = حتمًا – احتمالًا
statistics-acts-by-violation = الأفعال حسب نوع الانتهاك
statistics-violation-caption = { $total } فعلًا في المجموع؛ { $none } بلا نوع انتهاك.
statistics-violation = نوع الانتهاك
statistics-acts = الأفعال
statistics-victims-by-sex = الضحايا حسب الجنس
statistics-sex-caption = { $total } ضحية، كل شخص مرة واحدة والمجموعة بعدد أفرادها؛ { $none } بلا جنس مسجَّل.
statistics-sex = الجنس
statistics-victims = الضحايا
statistics-victims-by-age = الضحايا حسب الفئة العمرية
statistics-age-caption = { $total } ضحية، كل شخص مرة واحدة والمجموعة بعدد أفرادها؛ { $none } بلا عمر معروف. يُوزَّع العمر المعروف مدىً على الفئات التي يشملها.
statistics-age-group = الفئة العمرية
statistics-table = الأرقام في جدول

analysis-title = التحليل
analysis-intro = قوائم المصادر في المجموعة بعد ربط سجلاتها بأشخاص، وتقدير لعدد الضحايا الذين لم توثقهم أي قائمة. يُعرَض كل تقدير مع فاصل الثقة 95٪ وطريقته وافتراضاته وما فيه من عيوب.
analysis-no-lists = لا قوائم مصادر في هذه المجموعة لربطها. استورد قائمة أولًا.
analysis-too-many-lists = في هذه المجموعة { $count } قائمة مصادر؛ لا يمكن ربط أكثر من 15 قائمة في آن واحد.
analysis-blocking-refused = تعذّر ربط القوائم: { $reason }
analysis-table-refused = تعذّر جدولة القوائم المربوطة: { $reason }
analysis-lists = قوائم المصادر
analysis-list = القائمة
analysis-list-records = السجلات
analysis-blocking = الربط
analysis-blocking-summary = { $records } سجلًا؛ مقارنة كل سجل بكل سجل تعطي { $possible } زوجًا. أنتج التجميع { $union } زوجًا مرشحًا (كل القواعد معًا):
analysis-rule = القاعدة
analysis-rule-pairs = الأزواج
analysis-rule-keyed = السجلات التي تستطيع إيجادها
analysis-rule-largest = أكبر كتلة
analysis-clusters = رُبط { $records } سجلًا في { $clusters } شخصًا (عنقودًا)؛ ورُبط { $linked } زوجًا.
analysis-estimates = الضحايا المقدَّرون، الموثَّقون وغير الموثَّقين
analysis-estimates-help = الموثَّقون: أشخاص في قائمة واحدة على الأقل. التقدير: الموثَّقون وغير الموثَّقين معًا، مع فاصل الثقة 95٪. الطريقة التي لا تستطيع إعطاء رقم موثوق تقول ذلك بدلًا منه.
analysis-method = الطريقة
analysis-documented = الموثَّقون
analysis-estimate = التقدير
analysis-interval-heading = فاصل الثقة 95٪
analysis-interval = من { $lower } إلى { $upper }
analysis-no-upper = بلا حد أعلى
analysis-warnings = التحذيرات
analysis-no-warnings = لا شيء
analysis-no-estimate = لا تقدير
analysis-no-estimate-why = لم تستطع الطريقة إعطاء رقم موثوق هنا
analysis-assumptions = تفترض:
analysis-method-lcmcr = {"\u2066"}LCMCR{"\u2069"}، فئات كامنة بايزية (على الأكثر { $classes })
analysis-method-lcmcr-short = {"\u2066"}LCMCR{"\u2069"}
analysis-method-loglinear = نموذج لوغاريتمي خطي اختير بمعيار {"\u2066"}{ $criterion }{"\u2069"}
analysis-method-loglinear-given = نموذج لوغاريتمي خطي {"\u2066"}{ $model }{"\u2069"}
analysis-method-loglinear-short = نموذج لوغاريتمي خطي
analysis-lcmcr-failed = تعذّر تشغيل أداة المعاينة بهذه الإعدادات.
analysis-settings = إعدادات {"\u2066"}LCMCR{"\u2069"}: {"\u2066"}K = { $classes }{"\u2069"} فئات كامنة، وإحماء { $burnin } دورة، و{ $samples } عينة لكل سلسلة تؤخذ كل { $thinning } دورات، و{ $chains } سلاسل، والبذرة { $seed } (الأرقام نفسها في كل إعادة تحميل). النموذج اللوغاريتمي الخطي هو الأفضل بمعيار {"\u2066"}AIC{"\u2069"} بين النماذج الهرمية ذات التفاعلات الثنائية. حُسب في { $seconds } ثانية، ويُحفَظ إلى أن يتغير سجل.
analysis-review = أزواج للمراجعة
analysis-review-summary = { $total } زوجًا غير مؤكد: لا يعرف النموذج هل هما الشخص نفسه. تُعرَض الأزواج الأرجح وعددها { $shown }.
analysis-review-none = لا زوج غير مؤكد.
analysis-review-how = تتقدّم إجابتك على تقدير النموذج في المرة التالية التي تُربط فيها القوائم، ويخرج الزوج من هذه القائمة؛ والإجابة مجددًا تغيّرها.
analysis-decisions = القرارات المسجّلة في هذه المجموعة: { $count }.
analysis-decision-saved = سُجّلت إجابتك، وأُعيد ربط القوائم بناءً عليها.
analysis-kept-none = لا يوجد ربط محفوظ لهذه المجموعة: تربط التقديرات القوائم من جديد في كل مرة.
analysis-kept-current = الربط المحفوظ في { $date } (الإصدار { $version }، { $people } شخصًا) يطابق القوائم والإجابات: تستخدمه التقديرات هنا ومن سطر الأوامر.
analysis-kept-stale = الربط المحفوظ في { $date } (الإصدار { $version }، { $people } شخصًا) لم يعد محدّثًا: تغيّرت قائمة أو إجابة منذ ذلك الحين. تربط التقديرات القوائم من جديد إلى أن يُحفظ مرة أخرى.
analysis-keep = احفظ هذا الربط
analysis-kept-saved = حُفظ الربط إصدارًا جديدًا؛ ويمكن استعادة الإصدارات السابقة من سجل تاريخه.
analysis-groups-link = اعرض الأشخاص الذين وُجدوا في أكثر من سجل ({ $count })، وافصل سجلًا يخص شخصًا آخر
clusters-title = أشخاص وُجدوا في أكثر من سجل
clusters-back = العودة إلى التحليل
clusters-summary = وُجد { $count } شخصًا في أكثر من سجل. الصفحة { $page } من { $pages }.
clusters-none = لم يوجد أي شخص في أكثر من سجل.
clusters-intro = كل مربع شخص واحد كما يراه الربط، مع سجلاته من القوائم. إذا كانت بعض السجلات لشخص آخر، فحدّدها وافصلها: يسجّل ذلك «شخصان مختلفان» بينها وبين البقية، و«الشخص نفسه» فيما بينها (إجابات يمكنك التراجع عنها)، ويتبع ذلك كل ربط لاحق.
clusters-split = افصل السجلات المحدّدة بوصفها شخصًا آخر
clusters-tick = شخص آخر
clusters-split-done = { $count ->
    [one] فُصل السجل المحدّد: سُجّل «شخصان مختلفان» بينه وبين كل سجل آخر في مجموعته.
   *[other] فُصلت السجلات المحدّدة ({ $count }) بوصفها شخصًا آخر: سُجّل «شخصان مختلفان» بين كل منها وكل سجل آخر في المجموعة، و«الشخص نفسه» فيما بينها.
}
clusters-split-none = حدّد السجلات التي تخص شخصًا آخر ثم افصلها: لم يتغير شيء.
clusters-split-all = اترك سجلًا واحدًا على الأقل من سجلات الشخص دون تحديد: يحتاج الفصل إلى سجلات في الجانبين. لم يتغير شيء.
clusters-undone = { $count ->
    [one] أُلغي ذلك: عادت الإجابة التي كتبها التغيير إلى ما كانت تقوله قبله.
   *[other] أُلغي ذلك: عادت الإجابات التي كتبها التغيير ({ $count }) إلى ما كانت تقوله قبله.
}
clusters-undo-nothing = لا شيء للتراجع عنه: أُجيب من جديد عن كل إجابة كتبها ذلك التغيير منذئذ.
clusters-candidates = سجلات أشخاص آخرين قورن بها هذا السجل، الأرجح أولًا. إذا كان أحدها الشخص نفسه فادمجهما: يسجّل ذلك «الشخص نفسه» بين هذا السجل وكل سجل من سجلات الشخصين (إجابات يمكنك التراجع عنها)، ويجمعهما كل ربط لاحق.
clusters-merge-done = دُمج الشخصان: صار { $count } من السجلات شخصًا واحدًا، وسُجّل «الشخص نفسه» بين هذا السجل وكل من السجلات الأخرى.
clusters-merge-overruled = { $count ->
    [one] صارت إجابة سابقة «شخصان مختلفان» بين اثنين منها تقول «الشخص نفسه»؛ والتراجع عن الدمج يعيدها.
   *[other] صارت إجابات سابقة «شخصان مختلفان» بينها ({ $count }) تقول «الشخص نفسه»؛ والتراجع عن الدمج يعيدها.
}
clusters-undo = تراجع
clusters-previous = الصفحة السابقة
clusters-next = الصفحة التالية
clusters-focus = من غيره قد يكون هذا؟
clusters-no-candidates = لم يقارن الربط هذا السجل بأي سجل لشخص آخر قد يكون الشخص نفسه.
clusters-merge = الشخص نفسه: ادمج
clusters-merge-any = شخص لم يقارنه الربط بهذا السجل
clusters-merge-any-help = الصق معرّف سجل آخر من قوائم هذه المجموعة، أو عنوان صفحته.
clusters-merge-unknown = لا يحمل أي سجل في قوائم هذه المجموعة هذا المعرّف: لم يُدمج شيء. انسخ المعرّف أو العنوان من صفحة السجل.
clusters-look = من غيره قد يكون هذا؟
verdict-same = الشخص نفسه
verdict-different = شخصان مختلفان
verdict-unsure = لست متأكدًا
analysis-probability = احتمال أن يكونا الشخص نفسه:
analysis-explain = السبب، حقلًا حقلًا
analysis-field = الحقل
analysis-level = المقارنة
analysis-bits = الوزن (بت)
analysis-total = المجموع
analysis-prior = الاحتمال المسبق
analysis-level-missing = ناقص في أحد الطرفين
analysis-level-same-names = الأسماء نفسها
analysis-level-same-names-long = الأسماء نفسها (ثلاثة أجزاء أو أكثر)
analysis-level-same-names-some-missing = الأسماء نفسها، مع نقص بعض الأجزاء
analysis-level-same-names-some-missing-long = الأسماء نفسها، مع نقص بعض الأجزاء (ثلاثة أجزاء أو أكثر)
analysis-level-all-parts-alike = كل الأجزاء متشابهة
analysis-level-all-parts-alike-long = كل الأجزاء متشابهة (ثلاثة أجزاء أو أكثر)
analysis-level-same-names-by-sound = الأسماء نفسها نطقًا
analysis-level-same-names-by-sound-long = الأسماء نفسها نطقًا (ثلاثة أجزاء أو أكثر)
analysis-level-same-names-by-sound-some-missing = الأسماء نفسها نطقًا، مع نقص بعض الأجزاء
analysis-level-same-names-by-sound-some-missing-long = الأسماء نفسها نطقًا، مع نقص بعض الأجزاء (ثلاثة أجزاء أو أكثر)
analysis-level-first-and-other-parts-alike = الاسم الأول وأجزاء أخرى متشابهة
analysis-level-several-parts-alike = عدة أجزاء متشابهة
analysis-level-one-part-alike = جزء واحد متشابه
analysis-level-same-day = اليوم نفسه
analysis-level-within-days = { $days ->
    [one] بفارق يوم واحد على الأكثر
    [two] بفارق يومين على الأكثر
    [few] بفارق { $days } أيام على الأكثر
   *[other] بفارق { $days } يومًا على الأكثر
}
analysis-level-day-month-swapped = اليوم والشهر مقلوبان
analysis-level-overlapping = أحدهما يقع ضمن الآخر
analysis-level-within-years = { $years ->
    [one] بفارق سنة واحدة على الأكثر
    [two] بفارق سنتين على الأكثر
    [few] بفارق { $years } سنوات على الأكثر
   *[other] بفارق { $years } سنة على الأكثر
}
analysis-level-within-edits = { $edits ->
    [one] بفارق حرف واحد
    [two] بفارق حرفين على الأكثر
    [few] بفارق { $edits } أحرف على الأكثر
   *[other] بفارق { $edits } حرفًا على الأكثر
}
analysis-level-alike-at-least = متشابهان (جارو-وينكلر { $similarity } أو أكثر)
analysis-level-same = متطابق
analysis-level-same-place = المكان نفسه
analysis-level-similar-place = اسم مكان مشابه
analysis-level-same-column = متطابق في: { $column }
analysis-level-same-down-to = المكان نفسه حتى المستوى { $level }
analysis-level-same-words = الكلمات نفسها
analysis-level-half-the-words = نصف الكلمات مشترك
analysis-level-some-words = بعض الكلمات مشتركة
analysis-level-no-word = لا كلمة مشتركة
analysis-level-different = مختلف
analysis-field-name = الاسم
analysis-field-sex = الجنس
analysis-field-age = العمر
analysis-field-birth-date = تاريخ الميلاد
analysis-field-date = تاريخ الواقعة
analysis-field-place = المكان
assumption-common = السكان مغلقون طوال الفترة (لا يدخلها أحد ولا يخرج منها)، وقد رُبطت القوائم ربطًا صحيحًا (لا روابط فائتة ولا خاطئة).
assumption-lcmcr = ينقسم الأشخاص إلى { $classes } فئات كامنة على الأكثر، وداخل كل فئة تلتقط القوائم مستقلةً بعضها عن بعض؛ والاحتمال المسبق {"\u2066"}p(N) ∝ 1/N{"\u2069"}.
assumption-loglinear-independent = تلتقط القوائم مستقلةً بعضها عن بعض (النموذج {"\u2066"}{ $model }{"\u2069"})؛ ويتبع غير الموثَّقين النموذج نفسه الذي يتبعه الموثَّقون.
assumption-loglinear-dependent = الاعتماد بين القوائم هو بالضبط ما تسمح به تفاعلات النموذج ({"\u2066"}{ $model }{"\u2069"})؛ ويتبع غير الموثَّقين النموذج نفسه الذي يتبعه الموثَّقون.
assumption-loglinear = الاعتماد بين القوائم هو ما يسمح به النموذج اللوغاريتمي الخطي المختار؛ ويتبع غير الموثَّقين النموذج نفسه الذي يتبعه الموثَّقون.
warning-lists-dropped = لم تسجل { $lists } أحدًا هنا، فاستُبعدت من هذا التقدير.
warning-terms-removed = حُذفت حدود النموذج المتعلقة بـ{ $lists }، لأن هذه القوائم لم تسجل أحدًا هنا.
warning-too-few-lists = لم يسجل أحدًا هنا إلا { $lists } قائمة؛ تقدير غير الموثَّقين يحتاج إلى قائمتين متداخلتين على الأقل.
warning-no-data = لا أحد موثَّق هنا، فلا شيء يمكن تقديره.
warning-divergent-terms = لا تقدير محدودًا لـ{"\u2066"}{ $terms }{"\u2069"}: في تركيبة ما من القوائم لا يوجد أحد، فيطابق النموذج هذه الخلايا الفارغة تمامًا. اختر نموذجًا أبسط.
warning-fit-failed = تعذّرت ملاءمة النموذج: { $reason }
warning-unbounded = لا تضع البيانات حدًا أعلى للمجموع في هذا النموذج: فاصل الثقة 95٪ مفتوح الطرف.
warning-divergent-passed-over = استُبعد { $count } نموذجًا أفضل نتيجةً لأن ملاءمتها تتباعد (أفضلها: {"\u2066"}{ $best }{"\u2069"}).
warning-few-lists-lcmcr = { $lists } قوائم فقط: نموذج الفئات الكامنة ضعيف التحديد، ويعتمد التقدير على الاحتمال المسبق.
warning-poor-mixing = السلاسل غير متفقة ({"\u2066"}R-hat { $rhat }{"\u2069"}، وينبغي أن يكون أقل من {"\u2066"}1.05{"\u2069"}): لا تعتمد على هذا التقدير بعد.
warning-low-ess = نحو { $ess } سحبة مستقلة فعليًا فقط: حدود الفاصل غير دقيقة.
warning-runaway = تجاوزت { $count } سحبة لغير الموثَّقين عشرين ضعف الموثَّقين فأعيد سحبها: النموذج بالكاد يحدّ المجموع.
warning-incomplete-total = لا تقدير لـ{ $strata } من الطبقات، فلا يُعطى مجموع.

# الأدلة: ملفات الخزنة وصفحاتها وسلسلة عهدتها
incident-evidence = الأدلة
evidence-item = الدليل
evidence-untitled = دليل {"\u2066"}{ $hash }{"\u2069"}
evidence-type = النوع
evidence-size = الحجم
evidence-bytes = {"\u2066"}{ $bytes }{"\u2069"} بايت
evidence-captured = وقت الالتقاط
evidence-sha256 = SHA-256
evidence-stripped-sha256 = SHA-256 للنسخة الخالية من البيانات الوصفية
evidence-no-stripped = لا توجد نسخة خالية من البيانات الوصفية (تُصنع فقط لصور JPEG وPNG وWebP)
evidence-file-name = الاسم عند الاستلام
evidence-incident = الحادثة
evidence-download = تنزيل
evidence-download-original = تنزيل الأصل
evidence-download-stripped = تنزيل دون بيانات وصفية
evidence-original-withheld = يحتفظ الأصل بكل بياناته الوصفية، ومنها مكان التقاطه، لذا لا تنزّله إلا الحسابات المسموح لها بقراءة بيانات الاتصال. أما النسخة الخالية من البيانات الوصفية فمتاحة لكل من يقرأ هذا الدليل.
evidence-no-vault = لا يمكن تنزيل الملفات: شُغّل هذا الخادم دون خزنة الأدلة.
evidence-add-help = يمكن أيضًا إضافة الملفات من سطر الأوامر، أو عبر واجهة البرمجة برفع قابل للاستئناف (انظر ملف README)؛ ويُحسب لكل منها بصمته ويُحفظ في الخزنة دون تغيير:
evidence-add-title = إضافة ملف
evidence-add-file = الملف (صورة أو فيديو أو تسجيل أو مستند)
evidence-add-as-incident = كالحادثة
evidence-add-limit = حتى { $size }. يُحفظ الملف كما هو مع بياناته الوصفية، وتُصنع من الصور نسخة بلا بيانات وصفية.
evidence-add-submit = إضافة إلى الخزنة
evidence-add-no-file = اختر ملفًا غير فارغ
evidence-metadata = البيانات الوصفية المضمّنة
evidence-metadata-help = ما قاله الملف عن نفسه عند إضافته. يحتفظ الأصل بها كلها، ولا تحتفظ النسخة الخالية من البيانات الوصفية بشيء منها.
evidence-camera = آلة التصوير
evidence-dimensions = الأبعاد (بالبكسل)
evidence-position = مكان الالتقاط
evidence-blocks = كتل البيانات الوصفية
evidence-no-metadata = لم يحمل الملف بيانات وصفية يقرؤها Memoria.
evidence-custody = سلسلة العهدة
evidence-custody-help = كل إجراء على هذا الدليل، من الأقدم إلى الأحدث: من، ومتى، وأي ملف ببصمة SHA-256. ويُحفظ كل إدخال أيضًا في السجل المقاوم للتلاعب تحت رقم فهرسه.
evidence-custody-file = الملف
evidence-copy-original = الأصل
evidence-copy-stripped = دون بيانات وصفية
custody-action-ingest = أُضيف إلى الخزنة
custody-action-derive = صُنعت نسخة دون بيانات وصفية
custody-action-download = نُزّل الأصل
custody-action-download-stripped = نُزّلت النسخة الخالية من البيانات الوصفية
custody-action-download-failed = تعطّل التنزيل قبل اكتماله
custody-action-export = صُدِّر ضمن حزمة BagIt
custody-action-view = اطُّلع عليه
custody-action-read = قُرئت الصفحة (حساسة)

error-home = العودة إلى Memoria
error-not-signed-in = سجّل الدخول للمتابعة.
error-forbidden = لا يسمح حسابك بهذا. اطلبه من منسّق المجموعة إن احتجت إليه.
error-not-found = لا توجد هذه الصفحة أو هذا السجل، أو لا يسمح حسابك برؤيته.
error-invalid = في المدخلات مشكلات؛ صحّح الحقول المذكورة وأرسلها مجددًا.
error-conflict = تغيّر السجل منذ أن فتحته (أصبح الآن في النسخة { $current }). أعد تحميله وطبّق تعديلك مجددًا.
error-precondition-failed = تغيّر السجل منذ النسخة المذكورة (أصبح الآن في النسخة { $current }). اجلبه مجددًا.
error-collection-fixed = لا يمكن نقل سجل إلى مجموعة أخرى؛ أنشئ سجلًا جديدًا هناك.
error-deleted = السجل محذوف؛ استرجعه قبل تعديله.
error-precondition-required = يحتاج هذا الطلب إلى نسخة السجل، كي لا تحلّ نسخة قديمة محل نسخة أحدث.
error-csrf = انتهت صلاحية النموذج أو لم يأتِ من هذا الموقع. أعد تحميل الصفحة وحاول مجددًا.
error-too-many-attempts = محاولات كثيرة جدًا. انتظر { $seconds } ثانية ثم حاول مجددًا.
error-payload-too-large = ما أُرسل أكبر مما يقبله هذا الخادم.
error-upload-too-large = الملف أكبر مما يقبله هذا الخادم ({ $size })، فلم يُحفظ منه شيء. اطلب من المسؤول رفع الحد، أو أضف الملف من سطر الأوامر.
error-internal = حدث خطأ في الخادم وسُجِّل؛ أعطِ هذا المرجع لمسؤول النظام: {"\u2066"}{ $reference }{"\u2069"}.
error-vault-not-configured = شُغّل هذا الخادم دون خزنة الأدلة، لذا لا يمكن تنزيل الملفات. اطلب من مسؤول النظام تشغيله مع الخزنة.
error-vault-full = مساحة تخزين خزنة الأدلة ممتلئة، لذا لم يُحفظ الملف. اطلب من مسؤول النظام إخلاء مساحة، ثم أضفه من جديد.
error-evidence-damaged = النسخة المحفوظة من هذا الملف تالفة، لذا لم تُرسل. اطلب من مسؤول النظام فحص الخزنة بالأمر {"\u2066"}memoria verify{"\u2069"} واستعادة الملف من نسخة احتياطية.
error-evidence-missing = لا تحتوي الخزنة على هذا الملف. اطلب من مسؤول النظام فحص الخزنة بالأمر {"\u2066"}memoria verify{"\u2069"} واستعادة الملف من نسخة احتياطية.

nav-publication = النشر
publication-title = النشر
publication-intro = ما يجوز لأمر «memoria publish» أن يُخرجه من هذه المجموعة، وأيّ الأسماء يجوز له أن ينشرها. كل عملية نشر تقرأ هذه السياسة؛ وأي تغيير هنا يسري على النشر التالي.
policy-heading = سياسة النشر
policy-defaults = لم تُحفظ سياسة بعد: تسري القيم الافتراضية الآمنة أدناه.
policy-read-only = يغيّر السياسةَ مديرو المجموعة ومنسّقوها؛ ويمكنك قراءتها.
policy-rules-caption = ما يُنشر من كل حقل
policy-field = الحقل
policy-rule = القاعدة
policy-meaning = معناها
policy-rule-publish = يُنشر
policy-rule-coarsen = يُنشر بدقة أقل
policy-rule-withhold = لا يُنشر
policy-rule-default = { $rule } (الافتراضي الآمن)
policy-field-incident-title = عنوان الحادثة
policy-field-incident-title-help = العناوين مكتوبة لتُقرأ. لا تنشرها إن كان العنوان قد يدلّ على شخص.
policy-field-incident-narrative = سرد الحادثة
policy-field-incident-narrative-help = النشر يعني نشر النسخة العامة من السرد، وليس سرد العمل أبداً.
policy-field-incident-date = تاريخ الحادثة
policy-field-incident-date-help = النشر بدقة أقل يعطي الشهر فقط. الحوادث المقيّدة تُظهر الشهر أياً كان الاختيار.
policy-field-incident-place = مكان الحادثة
policy-field-incident-place-help = النشر بدقة أقل يعطي المنطقة (أو مكاناً أوسع تذكره الحادثة) بدل القرية.
policy-field-incident-point = الموقع على الخريطة
policy-field-incident-point-help = النشر بدقة أقل يقرّب إلى عُشر درجة (نحو 11 كم). لا يُنشر الموقع الدقيق أبداً.
policy-field-victim-name = اسم الضحية
policy-field-victim-name-help = حتى عند النشر، لا يظهر الاسم إلا بموافقة على النشر لم تُسحب، أو لشخصية عامة.
policy-field-victim-sex = جنس الضحية
policy-field-victim-sex-help = نشر الجنس المسجّل لكل ضحية أو حجبه.
policy-field-victim-age = عمر الضحية
policy-field-victim-age-help = النشر بدقة أقل يعطي فئات عمرية من خمس سنوات، والقاصرين بوصفهم قاصرين.
policy-field-perpetrator-organization = الجهة المرتكبة (منظمة)
policy-field-perpetrator-organization-help = الوحدة أو المنظمة التي تُحمَّل المسؤولية.
policy-field-perpetrator-person = الجهة المرتكبة (فرد)
policy-field-perpetrator-person-help = تسمية فرد اتهامٌ لشخص: ينتظر قراراً مقصوداً.
policy-field-intervention = التدخلات
policy-field-intervention-help = النداءات العاجلة وغيرها من التدخلات بشأن الحوادث المنشورة.
policy-field-evidence = ملفات الأدلة
policy-field-evidence-help = لا تخرج الملفات إلا نسخاً مجرّدة من بياناتها الوصفية.
policy-never-published = لا يُنشر أبداً
policy-never-witness = الشهود
policy-never-witness-why = لا يُذكر الشهود بأسمائهم أبداً.
policy-never-source = المصادر والمخبرون
policy-never-source-why = لا تُذكر المصادر والمخبرون بأسمائهم أبداً.
policy-never-contact = بيانات الاتصال
policy-never-contact-why = لا تُنشر بيانات الاتصال أبداً.
policy-never-sensitive-attributes = الإثنية والدين
policy-never-sensitive-attributes-why = لا تُنشر إثنية الشخص ولا دينه أبداً.
policy-never-evidence-file-name = أسماء ملفات الأدلة
policy-never-evidence-file-name-why = قد يكشف اسم الملف مَن فيه؛ لذلك لا يُنشر أبداً.
policy-never-evidence-metadata = البيانات الوصفية للأدلة
policy-never-evidence-metadata-why = تُزال بيانات الالتقاط (EXIF وGPS وC2PA) من كل ملف منشور.
policy-statuses = يجوز نشر الحوادث في هذه الحالات
policy-statuses-help = تُستبعد المسودات عادةً. إن لم يُحدَّد شيء، لا تُنشر أي حادثة.
policy-up-to = يُنشر حتى مستوى السرية هذا
policy-up-to-help = لا تُنشر الحوادث السرية أبداً، أياً كان الاختيار هنا.
policy-consent-from = تسمح الموافقة بتسمية الضحية إذا صدرت عن
policy-consent-from-help = إن لم يُحدَّد شيء، لا تسمّي أي موافقة أحداً؛ ولا يُسمّى إلا الشخصيات العامة.
policy-threshold = أصغر عدد يُعرض
policy-threshold-help = تُخفى الأعداد الأقل من هذا في كل جدول ورسم منشور. عدد صحيح من 1 إلى 1000؛ والمعتاد 5.
policy-licence = ترخيص البيانات المفتوحة
policy-licence-help = معرّف SPDX، مثل CC-BY-4.0.
policy-map = الخريطة والشخصيات العامة
policy-boundaries-set = الحدود الإقليمية محدّدة ({ $size })، فللموقع خريطة. تُغيَّر عبر ⁦/api/v1/publication-policies⁩.
policy-boundaries-none = لا حدود إقليمية محدّدة، فليس للموقع خريطة. أرسلها بصيغة GeoJSON أو TopoJSON عبر ⁦/api/v1/publication-policies⁩.
policy-public-figures = { $count ->
    [zero] لا أحد مسمّى شخصيةً عامة (يُغيَّر عبر ⁦/api/v1/publication-policies⁩).
    [one] شخص واحد مسمّى شخصيةً عامة (يُغيَّر عبر ⁦/api/v1/publication-policies⁩).
    [two] شخصان مسمّيان شخصيتين عامتين (يُغيَّر عبر ⁦/api/v1/publication-policies⁩).
   *[other] { $count } من الأشخاص مسمّون شخصيات عامة (يُغيَّر عبر ⁦/api/v1/publication-policies⁩).
}
policy-save = حفظ السياسة
policy-saved = حُفظت السياسة. تسري على النشر التالي.
policy-conflict-title = حفظ شخص آخر هذه السياسة أثناء تعديلك لها
policy-conflict-explain = السياسة الآن في الإصدار { $version }. لم يُحفظ تعديلك.
policy-rule-invalid = اختر واحداً مما يلي: { $rules }.
policy-statuses-invalid = حدّد الحالات المعروضة فقط.
policy-up-to-invalid = اختر عام أو داخلي أو مقيّد؛ لا تُنشر الحوادث السرية أبداً.
policy-consent-from-invalid = حدّد الخيارات المعروضة فقط.
policy-threshold-invalid = أدخل عدداً صحيحاً من 1 إلى 1000 (المعتاد 5).
policy-licence-invalid = أدخل معرّف ترخيص SPDX مثل CC-BY-4.0 (64 حرفاً على الأكثر).
consents-heading = الموافقات
consents-intro = مَن وافق على أيّ استخدام لما تحفظه المجموعة عنه، ومتى وكيف سُجّلت الموافقة، وسحبها. السحب إصدار جديد من الموافقة؛ وتبقى الموافقة في سجلّها.
consents-none = لم تُسجَّل أي موافقة في هذه المجموعة بعد.
consent-person = الشخص
consent-uses = الاستخدامات الموافَق عليها
consent-given-by = صادرة عن
consent-given-on = تاريخها
consent-recorded = طريقة تسجيلها
consent-state = الحالة
consent-use-publication = النشر على موقع المجموعة وفي البيانات المفتوحة
consent-use-un-mechanism = المشاركة مع آلية من آليات الأمم المتحدة
consent-use-media = وسائل الإعلام
consent-given-by-person = الشخص نفسه
consent-given-by-family = العائلة
consent-given-by-representative = وصيّ أو ممثل قانوني
consent-recorded-written = استمارة موقّعة
consent-recorded-recorded = تسجيل صوتي أو مرئي
consent-recorded-oral-witnessed = شفهياً أمام شاهد من المجموعة
consent-recorded-electronic = استمارة أو رسالة إلكترونية
consent-active = سارية
consent-withdrawn-on = سُحبت في { $date }
consent-withdraw = سحب
consent-new = تسجيل موافقة
consent-person-id = الشخص (معرّف السجل)
consent-person-id-help = معرّف سجل الشخص في هذه المجموعة: الجزء الأخير من عنوان صفحته (⁦/records/…⁩).
consent-note = مكان حفظ الاستمارة أو التسجيل
consent-note-help = اختياري. لا يُعرض إلا داخل المجموعة.
consent-save = تسجيل الموافقة
consent-saved = سُجّلت الموافقة.
consent-withdrawn-saved = سُحبت الموافقة بتاريخ اليوم. وتبقى في سجلّ تاريخها.
consent-person-unknown = لا يوجد في هذه المجموعة شخص بهذا المعرّف يمكنك رؤيته. انسخ المعرّف من صفحة الشخص.
consent-uses-invalid = حدّد استخداماً واحداً على الأقل وافق عليه الشخص.
consent-given-by-invalid = اختر مَن أصدر الموافقة.
consent-recorded-invalid = اختر طريقة تسجيل الموافقة.
