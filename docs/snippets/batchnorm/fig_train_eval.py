from gradflow.book.batchnorm import bn_training
from gradflow.book.language import label
from gradflow.plotting import figure, to_svg

run = bn_training(hidden_layers=15, width=64, steps=500, lr=0.1, batch_size=64)
steps = run["checkpoints"]
with figure(2, 1, height=5.4, sharex=True) as (fig, (top, bottom)):
    top.plot(steps, run["train_mode_accuracy"], "o-", ms=4, label=label(vi="chế độ huấn luyện", en="train mode"))
    top.plot(steps, run["eval_accuracy"], "s--", ms=4, label=label(vi="chế độ suy luận", en="eval mode"))
    top.set_ylabel(label(vi="độ chính xác", en="accuracy"))
    top.set_ylim(0, 1)
    top.legend(loc="upper left")
    bottom.semilogy(steps, run["running_var_error"], "D-", ms=4, color="#009E73")
    bottom.set_ylabel(label(vi="sai số tương đối của\nphương sai trượt", en="relative error of\nthe running variance"))
    bottom.set_xscale("symlog", linthresh=10)
    bottom.set_xlim(0, 520)
    bottom.set_xticks([0, 5, 10, 20, 50, 100, 200, 500])
    bottom.set_xticklabels(["0", "5", "10", "20", "50", "100", "200", "500"])
    bottom.set_xlabel(label(vi="bước SGD", en="SGD step"))
print(to_svg(fig, alt=label(
    vi="Mạng sigmoid 15 tầng có chuẩn hóa theo batch trong lúc huấn luyện. Trên: độ chính xác trên tập huấn luyện ở chế "
       "độ huấn luyện tăng dần ngay từ đầu, còn ở chế độ suy luận đứng yên ở 10% cho tới bước 20 rồi mới bắt kịp từ "
       "khoảng bước 50. Dưới, thang log: sai số tương đối của phương sai trượt giảm từ khoảng 2000% lúc đầu xuống khoảng "
       "10% ở bước 50 và vài phần trăm sau đó.",
    en="A 15-layer sigmoid net with batch norm during training. Top: training-set accuracy in train mode rises from the "
       "start, while in eval mode it stays at 10% until step 20 and catches up from about step 50. Bottom, log scale: "
       "the relative error of the running variance falls from about 2000% at the start to about 10% at step 50 and a "
       "few percent after that.")))
